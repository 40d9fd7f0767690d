using System.Text.Json.Serialization;

namespace HrPlus.Privacy.EntityFrameworkCore.Subjects;

/// <summary>The counts per source of an erasure row, serialized without reflection.</summary>
[JsonSerializable(typeof(Dictionary<string, int>))]
internal sealed partial class ErasureJsonContext : JsonSerializerContext;

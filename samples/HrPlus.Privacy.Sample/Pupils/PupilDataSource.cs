using System.Globalization;
using HrPlus.Privacy.Sample.Data;
using HrPlus.Privacy.Subjects;
using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.Sample.Pupils;

/// <summary>
/// The pupils table as a source of personal data: a pupil's export holds their row, and erasing a pupil deletes it
/// (after the SDK has destroyed the pupil's key, so a copy of the row in a backup stays unreadable).
/// </summary>
public sealed class PupilDataSource(SchoolDb db) : IPersonalDataSource
{
    /// <inheritdoc />
    public string Name => "pupils";

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PersonalDataRecord>> ExportAsync(string subjectId, CancellationToken cancellationToken)
    {
        if (!TryParse(subjectId, out var id))
        {
            return [];
        }

        var pupils = await db.Pupils.AsNoTracking().Where(p => p.Id == id).ToListAsync(cancellationToken);
        return [.. pupils.Select(p => new PersonalDataRecord("pupil", p.Id.ToString(), [
            new("fullName", p.FullName),
            new("iin", p.Iin),
            new("parentPhone", p.ParentPhone),
            new("parentEmail", p.ParentEmail),
            new("representativeName", p.RepresentativeName),
            new("registeredAt", p.RegisteredAt.ToString("O", CultureInfo.InvariantCulture)),
        ]))];
    }

    /// <inheritdoc />
    public async ValueTask<int> EraseAsync(string subjectId, CancellationToken cancellationToken) =>
        TryParse(subjectId, out var id) ? await db.Pupils.Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken) : 0;

    // The sample's subject ids are its pupils' ids in the canonical form ("D", lower case): only that form names a pupil,
    // so an id that differs in form deletes nothing here, just as it destroys no key.
    private static bool TryParse(string subjectId, out Guid id) =>
        Guid.TryParseExact(subjectId, "D", out id) && string.Equals(id.ToString(), subjectId, StringComparison.Ordinal);
}

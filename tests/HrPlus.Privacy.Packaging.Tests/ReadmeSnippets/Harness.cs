// What README.md's snippets take as given: the variables a host app has at hand where the snippet would go.
// PackagingTests compiles every ```csharp block of README.md as the body of a method of a class derived from this one
// (type declarations in a block stay at namespace level), against the packages.
using Microsoft.AspNetCore.HttpOverrides;

namespace ReadmeSnippets;

#pragma warning disable CS0649, CS8618, IDE1006 // assigned by the host app, not here
public abstract class Harness
{
    protected IServiceCollection services;
    protected WebApplicationBuilder builder;
    protected WebApplication app;
    protected IServiceProvider sp;
    protected HttpContext http;
    protected ModelBuilder b;
    protected SchoolDb db;
    protected IFieldEncryptor encryptor;
    protected ISubjectBlocking blocking;
    protected ISubjectErasure erasure;
    protected ISubjectDataExport export;
    protected IDepersonalizer depersonalizer;
    protected Pupil pupil;
    protected Pupil parent;
    protected string iin;
    protected string subjectId;
    protected string pupilId;
    protected string userId;
    protected string operatorId;
    protected string kazakh, russian, english;
    protected string saved;
    protected Guid eventId;
    protected byte[] checkpointKeyFromSecretStore;
    protected IProgress<EncryptionMigrationProgress> progress;
    protected ForwardedHeadersOptions forwarded;
    protected X509Certificate2 certificate;
    protected Dataset data;
    protected IReadOnlyDictionary<string, string> parentOf;
    protected TextWriter writer;

    /// <summary>The host's own check that the signed-in user represents the subject (e.g. a parent of the pupil).</summary>
    protected static ValueTask<bool> IsParentOfAsync(ClaimsPrincipal user, string subjectId) => ValueTask.FromResult(false);
}

public sealed class Pupil
{
    public Guid Id { get; set; }

    public string SubjectId { get; set; } = "";

    public string FullName { get; set; } = "";

    public string? Iin { get; set; }
}

public sealed class SchoolDb(DbContextOptions<SchoolDb> options) : DbContext(options)
{
    public DbSet<Pupil> Pupils => Set<Pupil>();
}

public sealed class PupilDataSource : IPersonalDataSource
{
    public string Name => "pupils";

    public ValueTask<IReadOnlyList<PersonalDataRecord>> ExportAsync(string subjectId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<PersonalDataRecord>>([]);

    public ValueTask<int> EraseAsync(string subjectId, CancellationToken cancellationToken) => ValueTask.FromResult(0);
}

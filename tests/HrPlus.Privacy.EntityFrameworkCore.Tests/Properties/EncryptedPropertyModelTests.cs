using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>
/// Model-based: random sequences of adds, edits (text that starts with <c>hp1.</c> and copied ciphertext included),
/// deletes, saves (accepted, unaccepted, rolled back, failing in the database, refused before it), reloads, tracking
/// and no-tracking queries and projections, over three contexts at once. After every step every encrypted column
/// holds ciphertext of exactly the saved value (or NULL), and every entity, original value and projection holds
/// plaintext: the last saved value, or the context's own unsaved edit.
/// </summary>
public abstract class EncryptedPropertyModelTests : CardDatabaseTests
{
    protected abstract int Runs { get; }

    // HRPLUS_MODEL_RUNS asks for a longer search than each engine's default; HRPLUS_MODEL_REPLAY="seed,gamma,size",
    // as FsCheck prints after a failure, runs that case again.
    private static Replay? Replay(string? replay) =>
        replay?.Split(',') is [var seed, var gamma, var size]
            ? new Replay(new Rnd(ulong.Parse(seed, CultureInfo.InvariantCulture), ulong.Parse(gamma, CultureInfo.InvariantCulture)), int.Parse(size, CultureInfo.InvariantCulture))
            : null;

    [SkippableFact]
    public void RandomSessions_ColumnsHoldCiphertextOfTheSavedValues_EntitiesAndProjectionsHoldPlaintext()
    {
        // The key ring makes its first key on first use, writing it through the key store. On SQLite that write
        // cannot happen while a step holds a transaction on the same file (it waits out the busy timeout), so the
        // first key is made before the steps run, as a host's start-up would.
        _ = Provider.GetRequiredService<IFieldEncryptor>().Encrypt("warm-up", FieldContext.For("Card", "WarmUp"));
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(int.TryParse(Environment.GetEnvironmentVariable("HRPLUS_MODEL_RUNS"), out var runs) ? runs : Runs)
            .WithEndSize(40);
        if (Replay(Environment.GetEnvironmentVariable("HRPLUS_MODEL_REPLAY")) is { } replay)
        {
            config = config.WithReplay(replay);
        }

        Check.One(config, Prop.ForAll(Step.Sequences(), steps => new CardModelRun(Provider).Execute(steps)));
    }
}

public sealed class SqliteEncryptedPropertyModelTests : EncryptedPropertyModelTests
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    protected override int Runs => 300;

    public override void Dispose()
    {
        base.Dispose();
        _database.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresEncryptedPropertyModelTests(PostgresFixture postgres) : EncryptedPropertyModelTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;

    protected override int Runs => 300;
}

using System.CommandLine;
using System.Reflection;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using HrPlus.Privacy.Tool.Output;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace HrPlus.Privacy.Tool.Commands;

/// <summary><c>hrplus keys list | rotate | migrate | retire | destroy</c>.</summary>
internal static class KeysCommands
{
    private const string AuditTarget = "FieldKey";

    public static Command Create(ToolEnvironment environment)
    {
        var keys = new Command("keys", "Field keys: list, rotate, move stored values to the current key, retire, destroy.");

        var all = new Option<bool>("--all") { Description = "Also list per-subject keys (by default only counted)." };
        var list = new Command("list", "Lists the keys: id, purpose, state and dates; which key encrypts new values.") { all };
        CommandRunner.SetAction(list, environment, (c, ct) => ListAsync(c, c.Parse.GetValue(all)));
        keys.Add(list);

        var rotateActor = GlobalOptions.Actor();
        var rotate = new Command("rotate", "Makes a new encryption key current; older keys keep decrypting.") { rotateActor };
        CommandRunner.SetAction(rotate, environment, (c, ct) => RotateAsync(c, c.Parse.GetValue(rotateActor)!, ct));
        keys.Add(rotate);

        var migrateActor = GlobalOptions.Actor();
        var batch = new Option<int>("--batch") { Description = "Rows per batch and transaction (default 1000).", DefaultValueFactory = _ => 1000 };
        batch.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--batch must be at least 1.");
            }
        });
        var migrate = new Command("migrate", "Re-encrypts every encrypted property of the app's entities under the current key (resumable).") { migrateActor, batch };
        CommandRunner.SetAction(migrate, environment, (c, ct) => MigrateAsync(c, c.Parse.GetValue(migrateActor)!, c.Parse.GetValue(batch), ct));
        keys.Add(migrate);

        var retireId = new Argument<string>("id") { Description = "The key id (8 hex digits)." };
        var retireActor = GlobalOptions.Actor();
        var retire = new Command("retire", "Retires a key: it still decrypts, never encrypts.") { retireId, retireActor };
        CommandRunner.SetAction(retire, environment, (c, ct) => ChangeStateAsync(c, KeyIds.Parse(c.Parse.GetValue(retireId)!), c.Parse.GetValue(retireActor)!, destroy: false, yes: true, ct));
        keys.Add(retire);

        var destroyId = new Argument<string>("id") { Description = "The key id (8 hex digits)." };
        var destroyActor = GlobalOptions.Actor();
        var yes = GlobalOptions.Yes();
        var destroy = new Command("destroy", "Destroys a key for good: values under it can never be decrypted again. Asks first unless --yes.") { destroyId, destroyActor, yes };
        CommandRunner.SetAction(destroy, environment, (c, ct) => ChangeStateAsync(c, KeyIds.Parse(c.Parse.GetValue(destroyId)!), c.Parse.GetValue(destroyActor)!, destroy: true, c.Parse.GetValue(yes), ct));
        keys.Add(destroy);
        return keys;
    }

    private static async Task<int> ListAsync(CommandContext context, bool all)
    {
        var host = await context.HostAsync().ConfigureAwait(false);
        var ring = host.Services.GetRequiredService<IFieldKeyRing>();
        await ring.RefreshAsync().ConfigureAwait(false);
        var current = ring.CurrentKey;
        var keys = ring.GetKeys().OrderBy(k => k.Purpose).ThenBy(k => k.CreatedAt).ThenBy(k => k.Id).ToList();
        var subjectKeys = keys.Count(k => k.Purpose == FieldKeyPurpose.SubjectEncryption);
        var shown = all ? keys : keys.Where(k => k.Purpose != FieldKeyPurpose.SubjectEncryption).ToList();
        var output = context.Output;
        output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteString("current", KeyIds.Format(current.Id));
            json.WriteNumber("subjectKeys", subjectKeys);
            json.WriteStartArray("keys");
            foreach (var key in shown)
            {
                WriteKey(json, key, current.Id);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
        var table = new Table().AddColumns("Id", "Purpose", "State", "Created", "Activates", "Expires", "Retired", "Destroyed", "Current");
        foreach (var key in shown)
        {
            table.AddRow(
                KeyIds.Format(key.Id), key.Purpose.ToString(), key.State.ToString(), Time(key.CreatedAt), Time(key.ActivatesAt), Time(key.ExpiresAt),
                Time(key.RetiredAt), Time(key.DestroyedAt), key.Id == current.Id ? "yes" : "");
        }

        output.Table(table);
        if (!all && subjectKeys > 0)
        {
            output.Line($"{subjectKeys} per-subject keys not shown (--all lists them).");
        }

        return ExitCodes.Success;
    }

    private static async Task<int> RotateAsync(CommandContext context, string actor, CancellationToken cancellationToken)
    {
        var host = await context.HostAsync().ConfigureAwait(false);
        var ring = host.Services.GetRequiredService<IFieldKeyRing>();
        var previous = ring.CurrentKey;
        var key = await ring.RotateAsync(cancellationToken).ConfigureAwait(false);
        var entry = await AppendAsync(host.Services, AuditOperation.Change, actor, $"rotated: key {KeyIds.Format(key.Id)} is current, key {KeyIds.Format(previous.Id)} decrypts only", cancellationToken).ConfigureAwait(false);
        context.Output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteString("previous", KeyIds.Format(previous.Id));
            json.WritePropertyName("current");
            WriteKey(json, key, key.Id);
            json.WriteNumber("auditSequence", entry.Sequence);
            json.WriteEndObject();
        });
        context.Output.Line($"Key {KeyIds.Format(key.Id)} is now current (was {KeyIds.Format(previous.Id)}). Run 'hrplus keys migrate' to move stored values to it.");
        return ExitCodes.Success;
    }

    private static async Task<int> ChangeStateAsync(CommandContext context, uint id, string actor, bool destroy, bool yes, CancellationToken cancellationToken)
    {
        var host = await context.HostAsync().ConfigureAwait(false);
        var ring = host.Services.GetRequiredService<IFieldKeyRing>();
        await ring.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var key = ring.GetKeys().FirstOrDefault(k => k.Id == id)
            ?? throw new ToolException(ExitCodes.NotFound, $"There is no key {KeyIds.Format(id)} in the field key store.");
        if (key.Purpose == FieldKeyPurpose.Encryption && ring.CurrentKey.Id == id)
        {
            throw new ToolException(ExitCodes.Refused, $"Key {KeyIds.Format(id)} is the current encryption key: run 'hrplus keys rotate' and 'hrplus keys migrate' first.");
        }

        if (destroy)
        {
            if (!context.Output.Confirm($"Destroy key {KeyIds.Format(id)} ({key.Purpose})? Values under it can never be decrypted again.", yes))
            {
                return CommandRunner.Fail(context.Output, ExitCodes.NotConfirmed, $"Key {KeyIds.Format(id)} was not destroyed: not confirmed (--yes skips the question).");
            }

            await ring.DestroyAsync(id, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ring.RetireAsync(id, cancellationToken).ConfigureAwait(false);
        }

        var verb = destroy ? "destroyed" : "retired";
        var entry = await AppendAsync(host.Services, destroy ? AuditOperation.Destroy : AuditOperation.Change, actor, $"{verb}: key {KeyIds.Format(id)} ({key.Purpose})", cancellationToken).ConfigureAwait(false);
        var after = ring.GetKeys().First(k => k.Id == id);
        context.Output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("key");
            WriteKey(json, after, ring.CurrentKey.Id);
            json.WriteNumber("auditSequence", entry.Sequence);
            json.WriteEndObject();
        });
        context.Output.Line($"Key {KeyIds.Format(id)} {verb}.");
        return ExitCodes.Success;
    }

    private static async Task<int> MigrateAsync(CommandContext context, string actor, int batch, CancellationToken cancellationToken)
    {
        var host = await context.HostAsync().ConfigureAwait(false);
        var ring = host.Services.GetRequiredService<IFieldKeyRing>();
        var results = new List<EncryptionMigrationProgress>();
        var method = typeof(EncryptedDataMigrationExtensions).GetMethod(nameof(EncryptedDataMigrationExtensions.MigrateEncryptedDataAsync))!;
        foreach (var contextType in host.DbContextTypes)
        {
            List<Type> entities;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = (DbContext)scope.ServiceProvider.GetRequiredService(contextType);
                entities = [.. db.Model.GetEncryptedEntityTypes().Where(e => !e.HasSharedClrType && !e.IsOwned()).Select(e => e.ClrType).Distinct()];
            }

            foreach (var entity in entities)
            {
                var result = await context.Output.ProgressAsync($"{entity.Name}: re-encrypting", async sink =>
                {
                    await using var scope = host.Services.CreateAsyncScope();
                    var db = (DbContext)scope.ServiceProvider.GetRequiredService(contextType);
                    var progress = new SinkProgress(sink, entity.Name);
                    var task = (Task<EncryptionMigrationProgress>)method.MakeGenericMethod(entity).Invoke(null, [db, batch, progress, cancellationToken])!;
                    return await task.ConfigureAwait(false);
                }).ConfigureAwait(false);
                results.Add(result);
                await AppendAsync(
                    host.Services, AuditOperation.Change, actor,
                    $"re-encrypted under key {KeyIds.Format(ring.CurrentKey.Id)}: {result.RowsUpdated} rows, {result.ValuesEncrypted} values encrypted, {result.ValuesReencrypted} re-encrypted, {result.RowsFailed} rows failed",
                    cancellationToken, target: result.Entity).ConfigureAwait(false);
            }
        }

        var failed = results.Sum(r => r.RowsFailed);
        context.Output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteString("current", KeyIds.Format(ring.CurrentKey.Id));
            json.WriteStartArray("entities");
            foreach (var r in results)
            {
                json.WriteStartObject();
                json.WriteString("entity", r.Entity);
                json.WriteNumber("rowsUpdated", r.RowsUpdated);
                json.WriteNumber("valuesEncrypted", r.ValuesEncrypted);
                json.WriteNumber("valuesReencrypted", r.ValuesReencrypted);
                json.WriteNumber("rowsFailed", r.RowsFailed);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
        var table = new Table().AddColumns("Entity", "Rows updated", "Encrypted", "Re-encrypted", "Rows failed");
        foreach (var r in results)
        {
            table.AddRow(r.Entity, $"{r.RowsUpdated}", $"{r.ValuesEncrypted}", $"{r.ValuesReencrypted}", $"{r.RowsFailed}");
        }

        context.Output.Table(table);
        context.Output.Line(results.Count == 0
            ? "No encrypted entities in the host's contexts."
            : $"Values are under key {KeyIds.Format(ring.CurrentKey.Id)}; {failed} rows could not be decrypted and were left alone.");
        return failed > 0 ? ExitCodes.Failed : ExitCodes.Success;
    }

    internal static async Task<AuditEntry> AppendAsync(IServiceProvider services, AuditOperation operation, string actor, string detail, CancellationToken cancellationToken, string target = AuditTarget)
    {
        await using var scope = services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
        return await audit.AppendAsync(new AuditEvent { Operation = operation, Actor = actor, Target = target, Purpose = "hrplus", Detail = detail }, cancellationToken).ConfigureAwait(false);
    }

    private static void WriteKey(System.Text.Json.Utf8JsonWriter json, FieldKeyInfo key, uint current)
    {
        json.WriteStartObject();
        json.WriteString("id", KeyIds.Format(key.Id));
        json.WriteString("purpose", key.Purpose.ToString());
        json.WriteString("state", key.State.ToString());
        json.WriteString("createdAt", key.CreatedAt);
        json.WriteString("activatesAt", key.ActivatesAt);
        json.WriteString("expiresAt", key.ExpiresAt);
        WriteTime(json, "retiredAt", key.RetiredAt);
        WriteTime(json, "destroyedAt", key.DestroyedAt);
        json.WriteBoolean("current", key.Id == current);
        json.WriteEndObject();
    }

    private static void WriteTime(System.Text.Json.Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private sealed class SinkProgress(IProgressSink sink, string entity) : IProgress<EncryptionMigrationProgress>
    {
        public void Report(EncryptionMigrationProgress value) =>
            sink.Report($"{entity}: {value.RowsUpdated} rows updated, {value.RowsFailed} failed", null);
    }
}

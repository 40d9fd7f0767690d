// Usage: HrPlus.Privacy.LedgerWriter <sqlite|postgres> <connection string> <events> <subject prefix>
// Grants <events> consents through the EF Core consent ledger store, one append at a time, and prints "done <n>".
// Usage: HrPlus.Privacy.LedgerWriter erase <sqlite file> <folder> <subject,subject,...>
// Erases the subjects one after another (see EraseWorker), printing each step: the erasure kill tests end it anywhere.
// Usage: HrPlus.Privacy.LedgerWriter changes <postgres connection string> <DataProtection folder>
// Another instance in its own process that blocks, erases and rotates on command (see ChangeWorker).
using HrPlus.Privacy.Consent;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

if (args is ["changes", _, _])
{
    return await HrPlus.Privacy.LedgerWriter.ChangeWorker.RunAsync(args[1..]);
}

if (args is ["erase", ..])
{
    return await HrPlus.Privacy.LedgerWriter.EraseWorker.RunAsync(args[1..]);
}

if (args.Length != 4 || !int.TryParse(args[2], out var count))
{
    Console.Error.WriteLine("usage: HrPlus.Privacy.LedgerWriter <sqlite|postgres> <connection string> <events> <subject prefix>");
    return 2;
}

var services = new ServiceCollection();
services.AddDataProtection().UseEphemeralDataProtectionProvider();
services.AddDbContext<WriterContext>(o =>
{
    if (args[0] == "sqlite")
    {
        o.UseSqlite(args[1]);
    }
    else
    {
        o.UseNpgsql(args[1]);
    }
});
services.AddHrPlusPrivacy(o => o.Consent.OperatorName = "Ledger writer").UseEntityFrameworkCoreStores<WriterContext>();
await using var provider = services.BuildServiceProvider();
var consents = provider.GetRequiredService<IConsentService>();
for (var i = 0; i < count; i++)
{
    await consents.GrantAsync(new ConsentRequest
    {
        SubjectId = $"{args[3]}-{i}",
        Purpose = ConsentPurposes.Support,
        PolicyVersion = 1,
        Language = "ru",
    });
}

Console.WriteLine($"done {count}");
return 0;

internal sealed class WriterContext(DbContextOptions<WriterContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.UseHrPlusPrivacy();
}

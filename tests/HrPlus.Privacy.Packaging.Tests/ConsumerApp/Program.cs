// A host app that knows HrPlus.Privacy only as packages from the local feed. PackagingTests writes a project
// around this file in a temp folder, builds it and runs it with that folder as the only argument.
using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

var dataFolder = args[0];
var builder = WebApplication.CreateBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddDataProtection()
    .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "dp-keys")))
    .SetApplicationName("hrplus-package-consumer");
builder.Services.AddDbContext<ConsumerDb>((sp, o) =>
    o.UseSqlite($"Data Source={Path.Combine(dataFolder, "consumer.db")}").UseHrPlusPrivacy(sp));
builder.Services.AddHrPlusPrivacy(o => o.Consent.OperatorName = "Package consumer")
    .UseEntityFrameworkCoreStores<ConsumerDb>()
    .AddAspNetCore();

await using var app = builder.Build();
await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<ConsumerDb>().Database.EnsureCreatedAsync();
}

app.UsePrivacyCapture();
app.MapGet("/roundtrip", (IFieldEncryptor encryptor) =>
{
    var field = FieldContext.For("Pupil", "FullName").WithRow(Guid.NewGuid());
    var stored = encryptor.Encrypt("Aigerim Seitkali", field);
    return $"{stored[..4]} {encryptor.Decrypt(stored, field)}";
});

await app.StartAsync();
using (var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) })
{
    using var response = await http.GetAsync("/roundtrip");
    Console.WriteLine($"GET /roundtrip: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
}

await app.StopAsync(); // drains the access log queue into the store
var now = DateTimeOffset.UtcNow;
var records = await app.Services.GetRequiredService<IAccessLogStore>()
    .QueryAsync(now.AddHours(-1), now.AddHours(1), 10, CancellationToken.None);
Console.WriteLine($"access log: {string.Join(", ", records.Select(r => $"{r.Method} {r.Path} {r.StatusCode}"))}");

internal sealed class ConsumerDb(DbContextOptions<ConsumerDb> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.UseHrPlusPrivacy();
}

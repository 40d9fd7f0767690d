using HrPlus.Privacy.AspNetCore.Cookies;
using HrPlus.Privacy.Depersonalization;
using HrPlus.Privacy.Pseudonymization;
using HrPlus.Privacy.Subjects;
using HrPlus.Privacy.Sample.Data;
using HrPlus.Privacy.Sample.Hosting;
using HrPlus.Privacy.Sample.Localization;
using HrPlus.Privacy.Sample.Pages;
using HrPlus.Privacy.Sample.Pupils;
using HrPlus.Privacy.Sample.Reports;
using HrPlus.Privacy.Sample.Seeding;
using HrPlus.Privacy.Sample.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.Sample;

/// <summary>
/// Builds the sample app the way a host app would use HrPlus.Privacy. Settings (command line, environment or
/// appsettings): where data and keys live (<see cref="SampleStorage"/>: <c>Sample:DataDirectory</c>,
/// <c>Sample:Database</c>, <c>Sample:EpochKeyDirectory</c>, <c>Sample:CheckpointDirectory</c>),
/// and <c>Sample:SeedPupils</c> (default 24), how many synthetic pupils a new database gets.
/// </summary>
/// <remarks>
/// Per-subject keys are on (erasing a pupil destroys their key, so every copy of their data, backups included, becomes
/// unreadable), with the epoch keys in their own folder; checkpoints of both hash chains are signed. On the SQLite file
/// one instance runs with no set-up; with <c>Sample:Database</c> naming a PostgreSQL database, several instances share it
/// and its DataProtection key ring.
/// </remarks>
public static class SampleApp
{
    /// <summary>The analytics cookie the app tries to set on every page; the SDK holds it back until consented.</summary>
    public const string AnalyticsCookie = "_hp_analytics";

    /// <summary>The antiforgery cookie: strictly necessary for the forms.</summary>
    public const string AntiforgeryCookie = "hp_csrf";

    /// <summary>Builds the app, creates and seeds the database, and maps the pages; the caller runs it.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        var storage = SampleStorage.From(builder.Configuration, builder.Environment.ContentRootPath);
        var seedPupils = builder.Configuration.GetValue("Sample:SeedPupils", 24);

        var services = builder.Services;
        services.AddSingleton(storage);
        var dataProtection = services.AddDataProtection().SetApplicationName("HrPlus.Privacy.Sample");
        if (storage.IsPostgres)
        {
            // One key ring for every instance: what one instance protects (field keys, antiforgery tokens), all unprotect.
            dataProtection.PersistKeysToDbContext<SchoolDb>();
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(storage.DataDirectory, "DataProtection-Keys")));
        }

        services.AddDbContext<SchoolDb>((sp, options) => storage.Configure(options).UseHrPlusPrivacy(sp));
        services.AddHrPlusPrivacy(options =>
            {
                options.Consent.OperatorName = "HR+ school (sample)";
                options.Consent.OperatorBin = "150340000015";
                options.Encryption.PerSubjectKeys = builder.Configuration.GetValue("Sample:PerSubjectKeys", true);
                options.Encryption.EpochKeyDirectory = storage.EpochKeyDirectory;
                options.Audit.CheckpointDirectory = storage.CheckpointDirectory;
            })
            .UseEntityFrameworkCoreStores<SchoolDb>()
            .AddAspNetCore(options =>
            {
                options.Capture.ClientIp = IpAddressMode.Pseudonymized;
                options.Capture.FlushInterval = TimeSpan.FromMilliseconds(200);
                options.Cookies.Register(AntiforgeryCookie, CookieCategory.Necessary, "Protects the forms against cross-site request forgery");
                options.Cookies.Register(Languages.CookieName, CookieCategory.Functional, "Remembers the interface language", TimeSpan.FromDays(365));
                options.Cookies.Register(AnalyticsCookie, CookieCategory.Analytics, "Counts visits to pages (the sample's own statistics)", TimeSpan.FromDays(180));
            });
        services.AddScoped<IPersonalDataSource, PupilDataSource>();
        services.AddHealthChecks().AddHrPlusPrivacy();
        services.AddSingleton<HrPlus.Privacy.Sample.Operations.MetricTotals>();
        services.AddAntiforgery(options => options.Cookie.Name = AntiforgeryCookie);
        services.AddScoped<PupilRegistrar>();
        services.AddSingleton(sp => new ClassReportExports(
            Path.Combine(storage.DataDirectory, "exports"), sp.GetRequiredService<IDepersonalizer>(), sp.GetRequiredService<TimeProvider>()));

        var app = builder.Build();
        _ = app.Services.GetRequiredService<HrPlus.Privacy.Sample.Operations.MetricTotals>();
        await SampleSeeder.InitializeAsync(app.Services, seedPupils, cancellationToken);

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
        }

        app.UsePrivacyCapture();
        app.Use(SetTrackingCookies);
        app.MapHealthChecks("/health");
        app.MapPrivacyEndpoints("/privacy");
        HomePage.Map(app);
        PolicyPages.Map(app);
        CookiePages.Map(app);
        RegistrationPages.Map(app);
        PupilPages.Map(app);
        PupilEditPages.Map(app);
        ConsentReceiptPage.Map(app);
        ReconsentAction.Map(app);
        OperatorPage.Map(app);
        OperatorActions.Map(app);
        ErasureAction.Map(app);
        ClassReportSection.Map(app);
        return app;
    }

    /// <summary>
    /// Sets the analytics cookie and remembers the language on every page, as app code that knows nothing about consent
    /// would; the SDK's cookie gate removes the ones whose category the visitor has not allowed.
    /// </summary>
    private static Task SetTrackingCookies(HttpContext http, Func<Task> next)
    {
        if (HttpMethods.IsGet(http.Request.Method) && !http.Request.Path.StartsWithSegments("/privacy"))
        {
            if (!http.Request.Cookies.ContainsKey(AnalyticsCookie))
            {
                http.Response.Cookies.Append(AnalyticsCookie, Guid.NewGuid().ToString("N"), new CookieOptions { MaxAge = TimeSpan.FromDays(180), HttpOnly = true, SameSite = SameSiteMode.Lax });
            }

            if (Languages.IsSupported(http.Request.Query["lang"]) && http.Request.Cookies[Languages.CookieName] != http.Request.Query["lang"])
            {
                http.Response.Cookies.Append(Languages.CookieName, http.Request.Query["lang"]!, new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax });
            }
        }

        return next();
    }
}

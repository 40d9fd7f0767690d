using System.CommandLine;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace HrPlus.Privacy.Tool.Commands;

/// <summary>
/// <c>hrplus check</c> for a deployment pipeline: options validation (<c>ValidateOnStart</c>), the SDK's start-up checks,
/// the registered health checks, and the warnings the host logged meanwhile.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(ToolEnvironment environment)
    {
        var strict = new Option<bool>("--strict") { Description = "Fail (exit code 1) on warnings and degraded health checks too." };
        var check = new Command("check", "Runs the start-up checks, health checks and configuration checks; exit code 1 when one fails.") { strict };
        CommandRunner.SetAction(check, environment, (c, ct) => RunAsync(c, c.Parse.GetValue(strict), ct));
        return check;
    }

    private static async Task<int> RunAsync(CommandContext context, bool strict, CancellationToken cancellationToken)
    {
        var host = await context.HostAsync().ConfigureAwait(false);
        var results = new List<(string Kind, string Name, string Status, string? Detail)>();

        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
            results.Add(("options", "ValidateOnStart", "Healthy", null));
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                results.Add(("options", ex.OptionsName is { Length: > 0 } n ? n : ex.OptionsType.Name, "Unhealthy", failure));
            }
        }

        // The SDK's start-up checks are hosted services that log (never throw) what they find; they run here as at start-up.
        foreach (var service in host.Services.GetServices<IHostedService>())
        {
            var type = service.GetType();
            if (type.Assembly.GetName().Name?.StartsWith("HrPlus.Privacy", StringComparison.Ordinal) == true && type.Name.EndsWith("StartupCheck", StringComparison.Ordinal))
            {
                var before = host.Log.Entries.Count;
                await service.StartAsync(cancellationToken).ConfigureAwait(false);
                var errors = host.Log.Entries.Skip(before).Count(e => e.Level >= LogLevel.Error);
                results.Add(("startup", type.Name, errors > 0 ? "Unhealthy" : "Healthy", null));
            }
        }

        if (host.Services.GetService<HealthCheckService>() is { } health)
        {
            var report = await health.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                results.Add(("health", name, entry.Status.ToString(), entry.Description));
            }
        }

        var warnings = host.Log.Entries;
        var failed = results.Exists(r => r.Status == "Unhealthy")
            || (strict && (results.Exists(r => r.Status == "Degraded") || warnings.Count > 0));
        context.Output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteString("host", host.Description);
            json.WriteBoolean("passed", !failed);
            json.WriteStartArray("checks");
            foreach (var (kind, name, status, detail) in results)
            {
                json.WriteStartObject();
                json.WriteString("kind", kind);
                json.WriteString("name", name);
                json.WriteString("status", status);
                json.WriteString("detail", detail);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("warnings");
            foreach (var warning in warnings)
            {
                json.WriteStartObject();
                json.WriteString("level", warning.Level.ToString());
                json.WriteString("category", warning.Category);
                json.WriteNumber("eventId", warning.EventId);
                json.WriteString("message", warning.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
        var table = new Table().AddColumns("Kind", "Check", "Status", "Detail");
        foreach (var (kind, name, status, detail) in results)
        {
            table.AddRow(Markup.Escape(kind), Markup.Escape(name), Markup.Escape(status), Markup.Escape(detail ?? ""));
        }

        context.Output.Line($"Host: {host.Description}");
        context.Output.Table(table);
        foreach (var warning in warnings)
        {
            context.Output.Line($"{warning.Level.ToString().ToLowerInvariant()}: {warning.Category}[{warning.EventId}] {warning.Message}");
        }

        context.Output.Line(failed ? "Check failed." : "Check passed.");
        return failed ? ExitCodes.Failed : ExitCodes.Success;
    }
}

using System.Net;
using System.Text.Json;
using HrPlus.Privacy.AspNetCore.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static HrPlus.Privacy.AspNetCore.Tests.ApiCalls;

namespace HrPlus.Privacy.AspNetCore.Tests.Endpoints;

/// <summary>A host that maps ASP.NET Core's OpenAPI document (<c>AddOpenApi()</c> + <c>MapOpenApi()</c>) gets every privacy route described.</summary>
public sealed class OpenApiDocumentTests
{
    private static readonly string[] GrantFields =
    [
        "crossBorderTransfer", "dataCategories", "expiresAt", "language", "minorAlsoAgreed", "policyVersion",
        "publicSources", "relationship", "subjectBirthDate", "subjectId", "thirdPartyTransfer",
    ];

    [Fact]
    public async Task OpenApiDocument_DescribesEveryPrivacyAndOperatorRoute()
    {
        await using var app = await StartAsync();
        var document = await DocumentAsync(app);
        var paths = document.GetProperty("paths");

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/privacy", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(25, routes.Count);
        foreach (var route in routes)
        {
            var method = Assert.Single(route.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods);
            var path = "/" + PrivacyEndpointDescriptions.Normalize(route.RoutePattern);
            Assert.True(paths.TryGetProperty(path, out var item), $"{method} {path} is not in the document");
            Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is not in the document");
            var name = route.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            Assert.StartsWith(PrivacyEndpointDescriptions.NamePrefix, name, StringComparison.Ordinal);
            Assert.Equal(name, operation.GetProperty("operationId").GetString());
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
            var statuses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            Assert.Contains(statuses, s => s.StartsWith('2'));
            if (path.StartsWith("/privacy/admin", StringComparison.Ordinal) || path.Contains("/consents", StringComparison.Ordinal) || path.Contains("/me/", StringComparison.Ordinal))
            {
                // Routes about a person say that they need a signed-in user, in problem details.
                Assert.True(operation.GetProperty("responses").GetProperty("401").GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path}: 401 is not problem details");
            }
        }
    }

    [Fact]
    public async Task OpenApiDocument_GrantConsentBody_ListsEveryAcceptedField()
    {
        await using var app = await StartAsync();
        var document = await DocumentAsync(app);

        var grant = document.GetProperty("paths").GetProperty("/privacy/consents/{purpose}").GetProperty("post");
        var schema = Resolve(document, grant.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(GrantFields, schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["201", "400", "401", "403", "422", "501"], grant.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Docs_RouteTables_MatchTheDocument()
    {
        await using var app = await StartAsync();
        var document = await DocumentAsync(app);
        var described = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/privacy", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(described, DocumentedRoutes().Order(StringComparer.Ordinal));
    }

    /// <summary>The routes of docs/consent-http.md's tables headed "route (under `prefix`)", as "METHOD /prefix/route".</summary>
    private static List<string> DocumentedRoutes()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "HrPlus.Privacy.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("the repository root was not found");
        }

        var routes = new List<string>();
        string? prefix = null;
        foreach (var line in File.ReadAllLines(Path.Combine(folder.FullName, "docs", "consent-http.md")))
        {
            if (!line.StartsWith('|'))
            {
                prefix = null;
                continue;
            }

            if (System.Text.RegularExpressions.Regex.Match(line, @"^\| route \(under `(?<prefix>/[^`]*)`\)") is { Success: true } header)
            {
                prefix = header.Groups["prefix"].Value;
                continue;
            }

            if (prefix is not null)
            {
                var cell = line.Replace("\\|", "/", StringComparison.Ordinal).Split('|', StringSplitOptions.RemoveEmptyEntries)[0];
                routes.AddRange(System.Text.RegularExpressions.Regex.Matches(cell, "`(?<method>GET|POST|PUT|DELETE) (?<route>[^`]+)`")
                    .Select(m => $"{m.Groups["method"].Value} {prefix}/{m.Groups["route"].Value}"));
            }
        }

        return routes;
    }

    [Fact]
    public async Task GrantConsent_WithAMisspeltMember_IsRejectedNotIgnored()
    {
        await using var app = await StartAsync();
        await app.PublishPolicyAsync();

        using var misspelt = await SendAsync(app, HttpMethod.Post, "privacy/consents/news-offers", "pupil-1", """{"policyVersion":1,"language":"ru","thirdPartyTransfers":true}""");
        var problem = await AssertProblemAsync(misspelt, HttpStatusCode.BadRequest, "bad-request");
        Assert.Contains("no other member is accepted", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var decisions = await SendAsync(app, HttpMethod.Get, "privacy/consents", "pupil-1");
        Assert.DoesNotContain("\"Granted\"", await decisions.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var correct = await SendAsync(app, HttpMethod.Post, "privacy/consents/news-offers", "pupil-1", """{"policyVersion":1,"language":"ru","thirdPartyTransfer":true}""");
        Assert.Equal(HttpStatusCode.Created, correct.StatusCode);
    }

    private static Task<TestApp> StartAsync() => SubjectEndpointTests.StartAsync(
        services: s => s.AddOpenApi(),
        map: a =>
        {
            a.MapPrivacyOperatorEndpoints("/privacy/admin", authorizationPolicy: SubjectEndpointTests.OperatorsPolicy);
            a.MapOpenApi();
        });

    private static async Task<JsonElement> DocumentAsync(TestApp app)
    {
        using var response = await app.Client.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
        {
            return schema;
        }

        var name = reference.GetString()!["#/components/schemas/".Length..];
        return document.GetProperty("components").GetProperty("schemas").GetProperty(name);
    }
}

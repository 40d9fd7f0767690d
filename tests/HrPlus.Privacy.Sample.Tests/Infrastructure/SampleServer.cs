using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Sample.Tests.Infrastructure;

/// <summary>
/// The sample app on a real Kestrel server at 127.0.0.1 (a free port), with its own temporary folder for the SQLite
/// database and the keys, and an HTTP client that keeps cookies and does not follow redirects.
/// </summary>
public sealed partial class SampleServer : IAsyncDisposable
{
    public const int SeededPupils = 6;

    private SampleServer(WebApplication app, DirectoryInfo folder, Uri address)
    {
        App = app;
        Folder = folder;
        Address = address;
        Client = NewClient();
    }

    public WebApplication App { get; }

    public DirectoryInfo Folder { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public string DatabasePath => Path.Combine(Folder.FullName, "school.db");

    public static async Task<SampleServer> StartAsync(params string[] settings)
    {
        var folder = Directory.CreateTempSubdirectory("hrplus-sample-");
        var app = await SampleApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Production",
            "--Sample:DataDirectory", folder.FullName,
            "--Sample:SeedPupils", SeededPupils.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
            .. settings,
        ]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new SampleServer(app, folder, new Uri(address + "/"));
    }

    /// <summary>A new client with its own cookie jar (a new visitor).</summary>
    public HttpClient NewClient() =>
        new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = Address };

    /// <summary>Gets a page and returns its status and HTML.</summary>
    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path, HttpClient? client = null)
    {
        using var response = await (client ?? Client).GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a form the way a browser would: the antiforgery token comes from the page at <paramref name="formPage"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields, HttpClient? client = null)
    {
        client ??= Client;
        var (status, html) = await GetAsync(formPage, client);
        Assert.Equal(HttpStatusCode.OK, status);
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {formPage}.");
        var content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))]);
        return await client.PostAsync(action, content);
    }

    /// <summary>Runs a query on the database file directly, beside the app (no EF Core, no decryption).</summary>
    public async Task<List<string?[]>> QueryRawAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<string?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i).ToString();
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Runs a statement on the database file directly (a restore from a backup, say), beside the app.</summary>
    public async Task<int> ExecuteRawAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Registers an adult pupil through the form and returns their id.</summary>
    public async Task<Guid> RegisterAsync(string fullName, HrPlus.Privacy.Identifiers.Iin iin)
    {
        using var response = await PostFormAsync("/pupils/new?lang=en", "/pupils/new", TestPupils.Form(fullName, iin));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        return Guid.Parse(location["/pupils/".Length..location.IndexOf('?', StringComparison.Ordinal)]);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the temp cleaner; it holds only synthetic data.
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

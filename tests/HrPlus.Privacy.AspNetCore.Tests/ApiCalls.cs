using System.Net;
using System.Text;
using System.Text.Json;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>Requests to the privacy API as a signed-in user, and the checks every problem response must pass.</summary>
internal static class ApiCalls
{
    public static async Task<HttpResponseMessage> SendAsync(TestApp app, HttpMethod method, string path, string? user, string? json = null, string mediaType = "application/json")
    {
        using var request = TestApp.Request(method, path, user);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, mediaType);
        }

        return await app.Client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(TestApp app, string path, string? user = null)
    {
        using var response = await SendAsync(app, HttpMethod.Get, path, user);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal("urn:hrplus-privacy:problem:" + type, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}

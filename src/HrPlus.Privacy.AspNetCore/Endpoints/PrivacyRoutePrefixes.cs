using Microsoft.AspNetCore.Http;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>
/// The route prefixes the SDK mapped (<c>MapPrivacyEndpoints</c>, <c>MapPrivacyOperatorEndpoints</c>): an error under
/// one of them that left the response empty (no route, wrong method, a body too large, the host's challenge) gets a
/// problem-details body from <see cref="PrivacyProblemsMiddleware"/>.
/// </summary>
internal sealed class PrivacyRoutePrefixes
{
    private readonly Lock _lock = new();
    private PathString[] _prefixes = [];

    public void Add(string prefix)
    {
        var path = new PathString("/" + prefix.Trim('/'));
        lock (_lock)
        {
            if (!_prefixes.Contains(path))
            {
                _prefixes = [.. _prefixes, path];
            }
        }
    }

    public bool Covers(PathString path)
    {
        foreach (var prefix in Volatile.Read(ref _prefixes))
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

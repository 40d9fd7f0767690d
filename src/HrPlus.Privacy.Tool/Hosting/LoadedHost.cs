using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.Tool.Hosting;

/// <summary>The host's service provider as the tool built it, with the warnings its logging produced meanwhile.</summary>
internal sealed class LoadedHost(IServiceProvider services, string description, CapturedLog log, IAsyncDisposable? owner) : IAsyncDisposable
{
    /// <summary>Gets the host's root services.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>Gets what was loaded: the assembly and environment, or the config file.</summary>
    public string Description { get; } = description;

    /// <summary>Gets the warnings and errors the host logged while the tool worked.</summary>
    public CapturedLog Log { get; } = log;

    /// <summary>Gets the <see cref="DbContext"/> types the host registered (their options are in the container).</summary>
    public IReadOnlyList<Type> DbContextTypes { get; init; } = [];

    public async ValueTask DisposeAsync()
    {
        if (owner is not null)
        {
            await owner.DisposeAsync().ConfigureAwait(false);
        }
    }
}

using System.Reflection;
using System.Runtime.Loader;

namespace HrPlus.Privacy.Tool.Hosting;

/// <summary>
/// Loads the host app's assembly and its dependencies from the app's own <c>.deps.json</c>, beside the tool.
/// </summary>
/// <remarks>
/// An assembly the tool itself carries (the shared frameworks, HrPlus.Privacy, EF Core and their dependencies) is
/// taken from the tool, so the app's services and the tool's commands see the same types (an
/// <c>IFieldKeyRing</c> from the app must be the tool's <c>IFieldKeyRing</c>); everything else (the app, its own
/// packages, their native libraries) comes from the app's folder. The context is not collectible: a command runs once
/// per process and the process ends after it.
/// </remarks>
internal sealed class HostAssemblyLoadContext(string appAssemblyPath) : AssemblyLoadContext("hrplus-host", isCollectible: false)
{
    private readonly AssemblyDependencyResolver _resolver = new(appAssemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        try
        {
            return Default.LoadFromAssemblyName(assemblyName);
        }
        catch (FileNotFoundException)
        {
        }
        catch (FileLoadException)
        {
        }

        return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Where the default file key store lives: a folder that belongs to one DataProtection key ring, and the folder that
/// earlier releases shared between every app whose key folders sit in one parent.
/// </summary>
/// <param name="Folder">The folder of the default store.</param>
/// <param name="LegacyFolder">The folder earlier releases used, whose records of this app move to <paramref name="Folder"/>.</param>
internal sealed record DefaultFieldKeyLocation(DirectoryInfo Folder, DirectoryInfo LegacyFolder)
{
    /// <summary>
    /// Inside DataProtection's own key folder when DataProtection persists to one (it reads only the top-level
    /// <c>*.xml</c> files there, so a subfolder is invisible to it); on DataProtection's per-user default folder, which
    /// every app of the user shares, the subfolder is also named by a hash of the application discriminator.
    /// </summary>
    public static DefaultFieldKeyLocation Resolve(IServiceProvider services, string folderName)
    {
        if (services.GetService<IOptions<KeyManagementOptions>>()?.Value.XmlRepository is FileSystemXmlRepository repository)
        {
            return new(
                new DirectoryInfo(Path.Combine(repository.Directory.FullName, folderName)),
                new DirectoryInfo(Path.Combine((repository.Directory.Parent ?? repository.Directory).FullName, folderName)));
        }

        var shared = FileSystemXmlRepository.DefaultKeyStorageDirectory
            ?? throw new InvalidOperationException(
                "HrPlus.Privacy cannot find a folder for its field keys: DataProtection has no file-system key folder here. " +
                "Set PrivacyOptions.Encryption.KeyDirectory, or register a shared store with UseEntityFrameworkCoreStores().");
        return new(
            new DirectoryInfo(Path.Combine(shared.FullName, folderName + "-" + DiscriminatorHash(services))),
            new DirectoryInfo(Path.Combine((shared.Parent ?? shared).FullName, folderName)));
    }

    /// <summary>16 hex digits of SHA-256 over the discriminator DataProtection isolates this app with (a path, often).</summary>
    private static string DiscriminatorHash(IServiceProvider services)
    {
        var discriminator = services.GetService<IOptions<DataProtectionOptions>>()?.Value.ApplicationDiscriminator?.Trim();
        if (string.IsNullOrEmpty(discriminator))
        {
            discriminator = services.GetApplicationUniqueIdentifier() ?? string.Empty;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(discriminator), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Warns once at start-up when DataProtection, which wraps every field key, keeps its own keys where a redeploy loses
/// them: in memory, or in its per-user default folder inside the container or user profile. Afterwards no field key
/// unwraps and every encrypt and decrypt fails, so the warning names the fix. Outside Development it also warns when the
/// keys are persisted without an XML encryptor (event 1034). It only reads options and never stops the host: a
/// development machine's per-user folder is a legitimate choice.
/// </summary>
internal sealed class DataProtectionPersistenceCheck(
    IDataProtectionProvider provider,
    IOptions<KeyManagementOptions> keyManagement,
    ILogger<DataProtectionPersistenceCheck> logger,
    IHostEnvironment? environment = null) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (provider is EphemeralDataProtectionProvider)
        {
            Log.DataProtectionKeysNotPersisted(logger, "in memory only (UseEphemeralDataProtectionProvider)");
        }
        else if (keyManagement.Value.XmlRepository is null)
        {
            var folder = FileSystemXmlRepository.DefaultKeyStorageDirectory;
            Log.DataProtectionKeysNotPersisted(logger, folder is null
                ? "in DataProtection's default location, which has no folder here (keys in memory only)"
                : $"in DataProtection's per-user default folder {folder.FullName}");
        }
        else if (keyManagement.Value.XmlEncryptor is null && environment?.IsDevelopment() != true)
        {
            // Persisted, but in the clear: a development machine's keys may be; a deployment's must not.
            Log.DataProtectionKeysNotEncrypted(logger, keyManagement.Value.XmlRepository switch
            {
                FileSystemXmlRepository files => $"in the folder {files.Directory.FullName}",
                { } repository => $"in {repository.GetType().Name}",
            });
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RecordingFunctions.Configuration;
using RecordingFunctions.Security;

namespace RecordingFunctions.Storage;

/// <summary>
/// Keeps the YAML configuration document in the config container. Creates it on first start, migrates older
/// versions, and when the document does not parse serves the last good configuration without ever overwriting it.
/// Every instance re-reads the document (a conditional GET) at most every few seconds, so changes spread quickly.
/// </summary>
public sealed class ConfigStore(
    BlobContainers containers,
    IConfiguration appSettings,
    TimeProvider clock,
    ILogger<ConfigStore> logger) : IDisposable
{
    public const string DocumentName = "config.yml";
    public const string LastGoodName = "config.last-good.yml";
    public const string AdminUserSetting = "RECORDINGS_ADMIN_USER";
    public const string AdminPasswordSetting = "RECORDINGS_ADMIN_PASSWORD";

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private volatile Snapshot? _current;
    private ETag? _reportedBrokenETag;

    /// <summary>True while the stored document does not parse (the last good configuration is being served).</summary>
    public bool DocumentIsBroken { get; private set; }

    /// <exception cref="ConfigUnavailableException">No configuration could be read or created.</exception>
    public async Task<StudySettings> GetAsync(CancellationToken cancellationToken = default)
    {
        var current = _current;
        if (current is not null && clock.GetUtcNow() - current.ReadAt < RefreshInterval)
        {
            return current.Settings;
        }

        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is not null && clock.GetUtcNow() - current.ReadAt < RefreshInterval)
            {
                return current.Settings;
            }

            _current = await ReadAsync(current, cancellationToken);
            return _current.Settings;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>Applies a change to the stored document, conditional on the version read; retried when another instance wrote first.</summary>
    /// <exception cref="ConfigDocumentBrokenException">The stored document does not parse; it is left for a person to fix.</exception>
    public async Task<StudySettings> UpdateAsync(Func<StudySettings, StudySettings> change, CancellationToken cancellationToken = default)
    {
        await GetAsync(cancellationToken);
        var blob = containers.Config.GetBlobClient(DocumentName);
        return await OptimisticConcurrency.RetryAsync(async () =>
        {
            var download = await blob.DownloadContentAsync(cancellationToken);
            var document = ParseOrNull(download.Value.Content.ToString(), out var error)
                ?? throw new ConfigDocumentBrokenException(error!);
            var settings = change(Completed(document));
            var updated = document.With(settings);
            var written = await blob.UploadAsync(
                BinaryData.FromString(updated.ToYaml()),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = download.Value.Details.ETag } },
                cancellationToken);
            await SaveLastGoodAsync(updated, cancellationToken);
            _current = new Snapshot(settings, written.Value.ETag, clock.GetUtcNow());
            return settings;
        }, cancellationToken, onLostRace: (_, _) => logger.LogInformation("Configuration changed by another instance while updating; reading it again"));
    }

    private async Task<Snapshot> ReadAsync(Snapshot? cached, CancellationToken cancellationToken)
    {
        var blob = containers.Config.GetBlobClient(DocumentName);
        Response<BlobDownloadResult> download;
        try
        {
            download = await blob.DownloadContentAsync(
                new BlobDownloadOptions { Conditions = cached is null ? null : new BlobRequestConditions { IfNoneMatch = cached.ETag } },
                cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return await CreateAsync(cancellationToken);
        }

        if (download.GetRawResponse().Status == 304 && cached is not null)
        {
            return cached with { ReadAt = clock.GetUtcNow() };
        }

        var etag = download.Value.Details.ETag;
        var document = ParseOrNull(download.Value.Content.ToString(), out var error);
        if (document is null)
        {
            DocumentIsBroken = true;
            if (_reportedBrokenETag != etag)
            {
                _reportedBrokenETag = etag;
                logger.LogError(
                    "The configuration document {Container}/{Blob} does not parse: {Error}. Serving the last good configuration; the document is left as it is until it is fixed",
                    containers.Config.Name, DocumentName, error);
            }

            var lastGood = cached?.Settings ?? await ReadLastGoodAsync(cancellationToken)
                ?? throw new ConfigUnavailableException($"The configuration document does not parse ({error}) and no earlier good version exists.");
            return new Snapshot(lastGood, etag, clock.GetUtcNow());
        }

        DocumentIsBroken = false;
        if (document.Version < StudySettings.CurrentVersion || document.StoredPassword is { } stored && !PasswordHashing.IsHash(stored)
            || HasMissingKeys(document))
        {
            var migrated = document.With(Completed(document));
            try
            {
                var written = await blob.UploadAsync(
                    BinaryData.FromString(migrated.ToYaml()),
                    new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = etag } },
                    cancellationToken);
                logger.LogInformation("Migrated the configuration document from version {From} to {To}", document.Version, StudySettings.CurrentVersion);
                await SaveLastGoodAsync(migrated, cancellationToken);
                return new Snapshot(Completed(migrated), written.Value.ETag, clock.GetUtcNow());
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                return await ReadAsync(null, cancellationToken);
            }
        }

        if (cached is null || cached.ETag != etag)
        {
            await SaveLastGoodAsync(document, cancellationToken);
        }

        return new Snapshot(Completed(document), etag, clock.GetUtcNow());
    }

    private async Task<Snapshot> CreateAsync(CancellationToken cancellationToken)
    {
        var user = appSettings[AdminUserSetting];
        var password = appSettings[AdminPasswordSetting];
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = Secrets.NewSecret(20);
        }

        var settings = new StudySettings
        {
            ClientSecret = Secrets.NewSecret(48),
            User = string.IsNullOrWhiteSpace(user) ? "admin" : user.Trim(),
            PasswordHash = PasswordHashing.Hash(password!),
            PseudonymKey = Secrets.NewSecret(48),
        };
        var document = ConfigDocument.Empty().With(settings);
        try
        {
            var written = await containers.Config.GetBlobClient(DocumentName).UploadAsync(
                BinaryData.FromString(document.ToYaml()),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
            await SaveLastGoodAsync(document, cancellationToken);
            logger.LogInformation("Created the configuration document {Container}/{Blob} for admin user {User}", containers.Config.Name, DocumentName, settings.User);
            if (generated)
            {
                logger.LogWarning(
                    "No {Setting} was given: the admin password for user {User} is {Password} (shown once; change it in the admin page)",
                    AdminPasswordSetting, settings.User, password);
            }

            return new Snapshot(settings, written.Value.ETag, clock.GetUtcNow());
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another instance created it first: use theirs.
            return await ReadAsync(null, cancellationToken);
        }
    }

    /// <summary>Fills keys an older or hand-written document lacks and hashes a password left in clear.</summary>
    private StudySettings Completed(ConfigDocument document)
    {
        var values = document.ReadValues();
        var password = values.Password;
        var settings = new StudySettings
        {
            // A secret inherited from the Flask server is kept whatever its length: paired watches send it.
            ClientSecret = values.ClientSecret ?? Secrets.NewSecret(48),
            AcceptClientSecret = values.AcceptClientSecret ?? true,
            User = values.User ?? appSettings[AdminUserSetting] ?? "admin",
            PasswordHash = password switch
            {
                null => PasswordHashing.Hash(appSettings[AdminPasswordSetting] is { Length: > 0 } given ? given : Secrets.NewSecret(20)),
                _ when PasswordHashing.IsHash(password) => password,
                _ => PasswordHashing.Hash(password),
            },
            HideMicFiles = values.HideMicFiles ?? StudySettings.DefaultHideMicFiles,
            RenameMicFiles = values.RenameMicFiles ?? StudySettings.DefaultRenameMicFiles,
            PackMicFiles = values.PackMicFiles ?? StudySettings.DefaultPackMicFiles,
            AllowedEndings = values.AllowedEndings ?? StudySettings.DefaultAllowedEndings,
            MaxUploadBytes = values.MaxUploadBytes ?? StudySettings.DefaultMaxUploadBytes,
            PairingRequestLifetimeMinutes = values.PairingRequestLifetimeMinutes ?? 24 * 60,
            MaxPendingPairingRequests = values.MaxPendingPairingRequests ?? StudySettings.DefaultMaxPendingPairingRequests,
            MaxPendingPairingRequestsPerSource = values.MaxPendingPairingRequestsPerSource ?? StudySettings.DefaultMaxPendingPairingRequestsPerSource,
            PseudonymKey = values.PseudonymKey ?? Secrets.NewSecret(48),
            SetTags = values.SetTags ?? StudySettings.DefaultSetTags,
            ExcludingSetTags = values.ExcludingSetTags ?? StudySettings.DefaultExcludingSetTags,
            SilentDays = values.SilentDays ?? StudySettings.DefaultSilentDays,
        };
        return settings;
    }

    private static bool HasMissingKeys(ConfigDocument document) =>
        document.ReadValues() is var v && (v.ClientSecret is null || v.AcceptClientSecret is null || v.User is null || v.Password is null
            || v.HideMicFiles is null || v.RenameMicFiles is null || v.PackMicFiles is null || v.AllowedEndings is null
            || v.MaxUploadBytes is null || v.PairingRequestLifetimeMinutes is null
            || v.MaxPendingPairingRequests is null || v.MaxPendingPairingRequestsPerSource is null || v.PseudonymKey is null
            || v.SetTags is null || v.ExcludingSetTags is null || v.SilentDays is null);

    private static ConfigDocument? ParseOrNull(string yaml, out string? error)
    {
        try
        {
            error = null;
            return ConfigDocument.Parse(yaml);
        }
        catch (ConfigFormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    private async Task SaveLastGoodAsync(ConfigDocument document, CancellationToken cancellationToken) =>
        await containers.Config.GetBlobClient(LastGoodName).UploadAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(document.ToYaml())), overwrite: true, cancellationToken);

    private async Task<StudySettings?> ReadLastGoodAsync(CancellationToken cancellationToken)
    {
        try
        {
            var download = await containers.Config.GetBlobClient(LastGoodName).DownloadContentAsync(cancellationToken);
            var document = ParseOrNull(download.Value.Content.ToString(), out _);
            return document is null ? null : Completed(document);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public void Dispose() => _refreshGate.Dispose();

    private sealed record Snapshot(StudySettings Settings, ETag ETag, DateTimeOffset ReadAt);
}

public sealed class ConfigUnavailableException(string message) : Exception(message);

public sealed class ConfigDocumentBrokenException(string error)
    : Exception($"The configuration document does not parse ({error}); fix or delete it in storage before changing settings.");

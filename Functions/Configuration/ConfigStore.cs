namespace RecordingFunctions.Configuration;

/// <summary>
/// Serves the configuration document in the config container as settings, from a snapshot that every instance
/// refreshes (a conditional GET) at most every few seconds, so changes spread quickly. Creates the document on first
/// start (<see cref="ConfigBootstrap"/>), stores it migrated when it is of an older form (<see cref="ConfigMigration"/>),
/// and when it does not parse serves the last good configuration without ever overwriting the document.
/// </summary>
public sealed class ConfigStore(
    BlobContainers containers,
    ConfigBootstrap bootstrap,
    TimeProvider clock,
    ILogger<ConfigStore> logger) : IDisposable
{
    public const string DocumentName = "config.yml";
    public const string LastGoodName = "config.last-good.yml";

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private volatile Snapshot? _current;
    private ETag? _reportedBrokenETag;

    /// <summary>True while the stored document does not parse (the last good configuration is being served).</summary>
    public bool DocumentIsBroken { get; private set; }

    private BlobClient Document => containers.Config.GetBlobClient(DocumentName);

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

    /// <summary>
    /// Applies a change to the stored document, conditional on the version read; retried when another instance wrote
    /// first. A change that changes no value writes nothing.
    /// </summary>
    /// <exception cref="ConfigDocumentBrokenException">The stored document does not parse; it is left for a person to fix.</exception>
    public async Task<SettingsUpdate> UpdateAsync(Func<StudySettings, StudySettings> change, CancellationToken cancellationToken = default)
    {
        await GetAsync(cancellationToken);
        return await OptimisticConcurrency.RetryAsync(async () =>
        {
            var download = await Document.DownloadContentAsync(cancellationToken);
            var document = ParseOrNull(download.Value.Content.ToString(), out var error)
                ?? throw new ConfigDocumentBrokenException(error!);
            var firstStart = bootstrap.NewFirstStart();
            var before = ConfigMigration.Complete(document, firstStart).Settings;
            var update = new SettingsUpdate(before, change(before));
            if (update.Changes.Count > 0)
            {
                var written = await WriteAsync(document.With(update.After), new BlobRequestConditions { IfMatch = download.Value.Details.ETag }, cancellationToken);
                bootstrap.ShowGeneratedPassword(firstStart, update.After.User);
                _current = new Snapshot(update.After, written, clock.GetUtcNow());
            }

            return update;
        }, cancellationToken, onLostRace: (_, _) => logger.LogInformation("Configuration changed by another instance while updating; reading it again"));
    }

    private async Task<Snapshot> ReadAsync(Snapshot? cached, CancellationToken cancellationToken)
    {
        Response<BlobDownloadResult> download;
        try
        {
            download = await Document.DownloadContentAsync(
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
        var firstStart = bootstrap.NewFirstStart();
        var completed = ConfigMigration.Complete(document, firstStart);
        if (completed.NeedsWriting)
        {
            if (await WriteCompletedAsync(completed, firstStart, new BlobRequestConditions { IfMatch = etag }, cancellationToken) is not { } migrated)
            {
                return await ReadAsync(null, cancellationToken);
            }

            logger.LogInformation(
                "Migrated the configuration document from version {From} to {To}; keys added or brought up to date: {Keys}",
                completed.FromVersion, ConfigDocument.CurrentVersion, completed.UpdatedKeys);
            return migrated;
        }

        if (cached is null || cached.ETag != etag)
        {
            await SaveLastGoodAsync(document, cancellationToken);
        }

        return new Snapshot(completed.Settings, etag, clock.GetUtcNow());
    }

    private async Task<Snapshot> CreateAsync(CancellationToken cancellationToken)
    {
        var firstStart = bootstrap.NewFirstStart();
        var completed = ConfigMigration.Complete(ConfigDocument.Empty(), firstStart);
        if (await WriteCompletedAsync(completed, firstStart, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken) is not { } created)
        {
            // Another instance created it first: use theirs.
            return await ReadAsync(null, cancellationToken);
        }

        logger.LogInformation(
            "Created the configuration document {Container}/{Blob} for admin user {User}", containers.Config.Name, DocumentName, created.Settings.User);
        return created;
    }

    /// <returns>The snapshot of the document written, or null when another instance wrote first.</returns>
    private async Task<Snapshot?> WriteCompletedAsync(
        CompletedDocument completed, FirstStart firstStart, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        ETag written;
        try
        {
            written = await WriteAsync(completed.Document, conditions, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null;
        }

        bootstrap.ShowGeneratedPassword(firstStart, completed.Settings.User);
        return new Snapshot(completed.Settings, written, clock.GetUtcNow());
    }

    /// <summary>Writes the document under <paramref name="conditions"/> and keeps it as the last good one.</summary>
    private async Task<ETag> WriteAsync(ConfigDocument document, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        var written = await Document.UploadAsync(
            BinaryData.FromString(document.ToYaml()), new BlobUploadOptions { Conditions = conditions }, cancellationToken);
        await SaveLastGoodAsync(document, cancellationToken);
        return written.Value.ETag;
    }

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
            return document is null ? null : ConfigMigration.Complete(document, bootstrap.NewFirstStart()).Settings;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public void Dispose() => _refreshGate.Dispose();

    private sealed record Snapshot(StudySettings Settings, ETag ETag, DateTimeOffset ReadAt);
}

/// <summary>The settings before and after a change, and the keys whose value it changed.</summary>
public sealed record SettingsUpdate(StudySettings Before, StudySettings After)
{
    public IReadOnlyList<ChangedSetting> Changes { get; } = ChangedSetting.Between(Before, After);
}

public sealed class ConfigUnavailableException(string message) : Exception(message);

public sealed class ConfigDocumentBrokenException(string error)
    : Exception($"The configuration document does not parse ({error}); fix or delete it in storage before changing settings.");

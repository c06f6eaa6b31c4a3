namespace RecordingFunctions.Storage;

/// <summary>
/// Detection models added by the admin or imported from the Flask server: files under <c>tf-models/library/</c>, their
/// rows in the Models table, and a pointer to the active one that the watch endpoints serve. (Models a watch uploads
/// stay under <c>tf-models/{set}/</c> and are never served.)
/// </summary>
public sealed class ModelStore(StorageTables tables, BlobContainers containers, TimeProvider clock, ILogger<ModelStore> logger)
{
    private const string LibraryFolder = "library/";
    private const string ModelPartition = "model";
    private const string ActivePartition = "active";
    private const string ActiveRow = "default";

    /// <summary>Adds (or replaces) a model and its validated settings, uploaded now; the first model watches can load becomes the active one.</summary>
    public Task<ModelInfo> AddAsync(ModelFileName file, Stream model, string settingsJson, long maxBytes, CancellationToken cancellationToken) =>
        AddAsync(file, model, settingsJson, maxBytes, clock.GetUtcNow(), activateIfFirst: true, cancellationToken);

    /// <param name="uploadedAt">When the model was made available: now, or when another server received it.</param>
    /// <param name="activateIfFirst">Whether a model watches can load becomes the active one when none is.</param>
    public async Task<ModelInfo> AddAsync(
        ModelFileName file, Stream model, string settingsJson, long maxBytes, DateTimeOffset uploadedAt, bool activateIfFirst, CancellationToken cancellationToken)
    {
        var name = file.Name;
        var fileName = file.ToString();
        var written = await BlockBlobWriter.WriteAsync(
            containers.Models.GetBlockBlobClient(LibraryFolder + fileName), model, maxBytes, "application/octet-stream",
            new RecordingBlobMetadata(), cancellationToken);
        await containers.Models.GetBlobClient($"{LibraryFolder}{name}.json").UploadAsync(
            BinaryData.FromString(settingsJson),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);

        var previous = await tables.Models.GetEntityIfExistsAsync<TableEntity>(ModelPartition, name, cancellationToken: cancellationToken);
        if (previous.HasValue && previous.Value!.GetString(nameof(ModelInfo.FileName)) is { } oldFile && oldFile != fileName)
        {
            await containers.Models.DeleteBlobIfExistsAsync(LibraryFolder + oldFile, cancellationToken: cancellationToken);
        }

        var row = new TableEntity(ModelPartition, name)
        {
            [nameof(ModelInfo.FileName)] = fileName,
            [nameof(ModelInfo.Size)] = written.Length,
            [nameof(ModelInfo.UploadedAt)] = uploadedAt,
            [nameof(ModelInfo.Settings)] = settingsJson,
        };
        await tables.Models.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        logger.LogInformation("Added model {Model} ({Length} bytes)", fileName, written.Length);

        if (activateIfFirst && file.LoadableByWatches)
        {
            try
            {
                await tables.Models.AddEntityAsync(new TableEntity(ActivePartition, ActiveRow) { ["Name"] = name }, cancellationToken);
                logger.LogInformation("Model {Model} is active: it is the first one", name);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // A model is active already; adding another does not switch the watches to it.
            }
        }

        return ModelInfo.From(row, await ActiveNameAsync(cancellationToken));
    }

    public async Task<IReadOnlyList<ModelInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var active = await ActiveNameAsync(cancellationToken);
        var models = new List<ModelInfo>();
        await foreach (var row in tables.Models.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {ModelPartition}"), cancellationToken: cancellationToken))
        {
            models.Add(ModelInfo.From(row, active));
        }

        return [.. models.OrderByDescending(m => m.UploadedAt)];
    }

    public async Task<ModelActivation> ActivateAsync(string name, CancellationToken cancellationToken)
    {
        var model = await tables.Models.GetEntityIfExistsAsync<TableEntity>(ModelPartition, name, cancellationToken: cancellationToken);
        if (!model.HasValue)
        {
            return ModelActivation.NotFound;
        }

        if (!ModelInfo.From(model.Value!, null).LoadableByWatches)
        {
            return ModelActivation.NotLoadableByWatches;
        }

        await tables.Models.UpsertEntityAsync(new TableEntity(ActivePartition, ActiveRow) { ["Name"] = name }, TableUpdateMode.Replace, cancellationToken);
        logger.LogInformation("Model {Model} is now active", name);
        return ModelActivation.Activated;
    }

    /// <summary>
    /// Deletes a model, but not the active one while other models exist: the watches would then get no model although
    /// the study has some. The only model can go; the deployment is then as before its first model (watches get 404).
    /// Nor one that <paramref name="usersOf"/> names users for (participants given it as their own): they are asked
    /// after the model's row is read, and the row is deleted only if unchanged since, so that a model given to someone
    /// meanwhile (<see cref="MarkGivenAsync"/>) stays.
    /// </summary>
    /// <returns>What happened, and the users when they kept the model.</returns>
    public Task<(ModelDeletion Result, IReadOnlyList<string> UsedBy)> DeleteAsync(
        string name, Func<CancellationToken, Task<IReadOnlyList<string>>> usersOf, CancellationToken cancellationToken) =>
        // A lost race on the model's row: given to someone or replaced since it was read; look at its users again.
        OptimisticConcurrency.RetryAsync<(ModelDeletion Result, IReadOnlyList<string> UsedBy)>(async () =>
        {
            var model = await tables.Models.GetEntityIfExistsAsync<TableEntity>(ModelPartition, name, cancellationToken: cancellationToken);
            if (!model.HasValue)
            {
                return (ModelDeletion.NotFound, []);
            }

            var users = await usersOf(cancellationToken);
            if (users.Count > 0)
            {
                return (ModelDeletion.InUse, users);
            }

            var active = await tables.Models.GetEntityIfExistsAsync<TableEntity>(ActivePartition, ActiveRow, cancellationToken: cancellationToken);
            if (active.HasValue && active.Value!.GetString("Name") == name)
            {
                if (await HasOtherModelAsync(name, cancellationToken))
                {
                    return (ModelDeletion.IsActive, []);
                }

                try
                {
                    await tables.Models.DeleteEntityAsync(active.Value, active.Value.ETag, cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status == 412)
                {
                    return (ModelDeletion.ActiveChanged, []);
                }

                logger.LogInformation("Model {Model} was the only one: no model is active now", name);
            }

            await tables.Models.DeleteEntityAsync(model.Value!, model.Value!.ETag, cancellationToken);
            await containers.Models.DeleteBlobIfExistsAsync(LibraryFolder + model.Value!.GetString(nameof(ModelInfo.FileName)), cancellationToken: cancellationToken);
            await containers.Models.DeleteBlobIfExistsAsync($"{LibraryFolder}{name}.json", cancellationToken: cancellationToken);
            return (ModelDeletion.Deleted, []);
        }, cancellationToken);

    public async Task<ModelInfo?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await GetVersionAsync(name, cancellationToken))?.Model;

    /// <summary>The model with the version of its row, for <see cref="MarkGivenAsync"/>; null when the library has no such model.</summary>
    public async Task<ModelVersion?> GetVersionAsync(string name, CancellationToken cancellationToken)
    {
        var model = await tables.Models.GetEntityIfExistsAsync<TableEntity>(ModelPartition, name, cancellationToken: cancellationToken);
        return model.HasValue ? new ModelVersion(ModelInfo.From(model.Value!, await ActiveNameAsync(cancellationToken)), model.Value!.ETag) : null;
    }

    /// <summary>
    /// Notes on the model's row that it was just given to someone, if the row is still <paramref name="version"/>: a
    /// deletion that asked for the model's users before the gift then finds the row changed and asks again.
    /// </summary>
    /// <returns>False when the model was deleted or replaced since <paramref name="version"/> was read.</returns>
    public async Task<bool> MarkGivenAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Models.UpdateEntityAsync(
                new TableEntity(ModelPartition, version.Model.Name) { ["GivenAt"] = clock.GetUtcNow() }, version.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<ModelInfo?> GetActiveAsync(CancellationToken cancellationToken)
    {
        return await ActiveNameAsync(cancellationToken) is { } name ? await GetAsync(name, cancellationToken) : null;
    }

    /// <summary>The blob holding the model's file.</summary>
    public BlobClient FileOf(ModelInfo model) => containers.Models.GetBlobClient(LibraryFolder + model.FileName);

    private async Task<bool> HasOtherModelAsync(string name, CancellationToken cancellationToken) =>
        await tables.Models.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {ModelPartition} and RowKey ne {name}"),
            maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).AnyAsync(cancellationToken);

    private async Task<string?> ActiveNameAsync(CancellationToken cancellationToken)
    {
        var active = await tables.Models.GetEntityIfExistsAsync<TableEntity>(ActivePartition, ActiveRow, cancellationToken: cancellationToken);
        return active.HasValue ? active.Value!.GetString("Name") : null;
    }
}

/// <summary>A model as read, and the version (ETag) of its row then.</summary>
public sealed record ModelVersion(ModelInfo Model, ETag ETag);

public sealed record ModelInfo(string Name, string FileName, long Size, DateTimeOffset UploadedAt, string Settings, bool Active)
{
    public string SettingsFileName => $"{Name}.json";

    public bool LoadableByWatches => ModelFileName.Parse(FileName)?.LoadableByWatches == true;

    internal static ModelInfo From(TableEntity row, string? activeName) => new(
        row.RowKey,
        row.GetString(nameof(FileName)) ?? "",
        row.GetInt64(nameof(Size)) ?? 0,
        row.GetDateTimeOffset(nameof(UploadedAt)) ?? DateTimeOffset.MinValue,
        row.GetString(nameof(Settings)) ?? "{}",
        row.RowKey == activeName);
}

public enum ModelActivation
{
    Activated,
    NotFound,

    /// <summary>A model kept for the study (a PyTorch file from the Flask server) that no watch can load.</summary>
    NotLoadableByWatches,
}

public enum ModelDeletion
{
    Deleted,
    NotFound,

    /// <summary>The model is active and others exist: one of them must be activated first.</summary>
    IsActive,

    /// <summary>The active model changed while this deletion looked at it; nothing was deleted.</summary>
    ActiveChanged,

    /// <summary>Participants are given the model as their own; it can go once none is.</summary>
    InUse,
}

using System.IO.Hashing;
using RecordingFunctions.Watch;

namespace RecordingFunctions.Migration;

/// <summary>
/// Copies what the Flask server kept on disk into storage: <c>uploads/recordings/&lt;uuid&gt;/*</c> into
/// <c>recordings/</c> (without the files the server generated from them, <see cref="FlaskGeneratedFiles"/>), the models
/// of <c>uploads/tf_models/</c> into the model library (<see cref="FlaskModelLibrary"/>), any
/// <c>uploads/tf_models/&lt;uuid&gt;/*</c> into <c>tf-models/</c>, and <c>conf/config.yml</c> into the config container
/// (the app migrates it on first read). Files get the metadata an upload would have given them; whatever is not
/// copied is reported with the reason. Running it again replaces what it copied before.
/// </summary>
public sealed class FlaskImport(BlobContainers containers, FlaskModelLibrary modelLibrary, ILogger<FlaskImport> logger)
{
    private const string RecordingsFolder = "recordings";
    private const string ModelsFolder = "tf_models";

    /// <param name="activateNewestModel">Whether the newest model of <c>tf_models/</c> becomes the one the watches get.</param>
    public async Task<ImportReport> ImportAsync(string uploadsFolder, string? configFile, bool activateNewestModel, CancellationToken cancellationToken)
    {
        var report = new ImportReport();
        if (Directory.Exists(uploadsFolder))
        {
            foreach (var other in Directory.EnumerateFileSystemEntries(uploadsFolder).Order(StringComparer.Ordinal)
                .Where(entry => Path.GetFileName(entry) is not (RecordingsFolder or ModelsFolder)))
            {
                report.Skipped.Add($"{other}: not one of the folders the import reads ({RecordingsFolder}, {ModelsFolder})");
            }
        }

        var recordings = Path.Combine(uploadsFolder, RecordingsFolder);
        await CopyFoldersAsync(recordings, containers.Recordings, report, cancellationToken);
        var models = Path.Combine(uploadsFolder, ModelsFolder);
        await CopyFoldersAsync(models, containers.Models, report, cancellationToken);
        if (Directory.Exists(models))
        {
            await modelLibrary.ImportAsync(models, activateNewestModel, report, cancellationToken);
        }

        if (configFile is not null)
        {
            await using var config = File.OpenRead(configFile);
            await containers.Config.GetBlobClient(ConfigStore.DocumentName).UploadAsync(config, overwrite: true, cancellationToken);
            report.ConfigCopied = true;
            logger.LogInformation("Copied {ConfigFile} to {Container}/{Blob}", configFile, containers.Config.Name, ConfigStore.DocumentName);
        }

        return report;
    }

    private async Task CopyFoldersAsync(string root, Azure.Storage.Blobs.BlobContainerClient container, ImportReport report, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
        {
            report.Skipped.Add($"{root}: no such folder");
            return;
        }

        if (container == containers.Recordings)
        {
            foreach (var loose in Directory.EnumerateFiles(root).Order(StringComparer.Ordinal))
            {
                report.Skipped.Add($"{loose}: not in a set's folder");
            }
        }

        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            if (!SetId.TryParse(Path.GetFileName(folder), out var setId))
            {
                report.Skipped.Add($"{folder}: not a set uuid");
                continue;
            }

            var existing = await ExistingFile.ListAsync(container, setId, "", cancellationToken);
            foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                var sentName = Path.GetFileName(file);
                if (container == containers.Recordings && FlaskGeneratedFiles.Reason(sentName, Path.GetFileName(folder)) is { } generated)
                {
                    report.Skipped.Add($"{file}: {generated}");
                    continue;
                }

                var (storedName, error) = UploadFileName.Sanitize(sentName);
                if (storedName is null)
                {
                    report.Skipped.Add($"{file}: {error}");
                    continue;
                }

                // Names a disk tells apart can become one stored name (a:b.csv and a_b.csv): both are kept, as for uploads,
                // and a file imported before is replaced by itself.
                var originalName = RecordingBlobMetadata.EncodeOriginalName(sentName);
                var place = SetFileNames.Choose(storedName, originalName, existing, reserved: []);
                existing.RemoveAll(f => f.Name == place.Name);
                existing.Add(await CopyFileAsync(file, container, setId, place.Name, originalName, cancellationToken));
                report.Sets.Add(setId);
                report.Files++;
            }

            logger.LogInformation("Copied {Folder} to {Container}/{Set}/", folder, container.Name, setId);
        }
    }

    private static async Task<ExistingFile> CopyFileAsync(
        string path, Azure.Storage.Blobs.BlobContainerClient container, SetId setId, string name, string originalName, CancellationToken cancellationToken)
    {
        var crc = new Crc32();
        await using (var read = File.OpenRead(path))
        {
            await crc.AppendAsync(read, cancellationToken);
        }

        await using var content = File.OpenRead(path);
        // The file's time on the Flask server's disk is when it was uploaded there.
        var metadata = new RecordingBlobMetadata
        {
            Uploaded = File.GetLastWriteTimeUtc(path),
            OriginalName = originalName,
            Uploader = new DeviceUploader(RecordingBlobMetadata.ImportedDevice, RecordingBlobMetadata.ImportedDevice),
            Microphone = RecordingBlobMetadata.IsMicrophoneName(Path.GetFileName(path)) ? true : null,
        }.WithChecksum(crc.GetCurrentHashAsUInt32(), content.Length);
        var uploaded = await container.GetBlobClient(setId.BlobName(name)).UploadAsync(
            content,
            new BlobUploadOptions { Metadata = metadata.ToMetadata(), HttpHeaders = new BlobHttpHeaders { ContentType = RecordingStore.ContentTypeOf(name) } },
            cancellationToken);
        return new ExistingFile(name, originalName, uploaded.Value.ETag);
    }
}

public sealed class ImportReport
{
    public HashSet<SetId> Sets { get; } = [];

    public int Files { get; set; }

    public bool ConfigCopied { get; set; }

    public List<string> Skipped { get; } = [];

    /// <summary>The library's file names of the models imported from <c>tf_models/</c>.</summary>
    public List<string> Models { get; } = [];

    /// <summary>Models whose name the library could not keep: "FILE as NAME.ENDING: why".</summary>
    public List<string> Renamed { get; } = [];

    /// <summary>The model the import made active, if it did.</summary>
    public string? ActiveModel { get; set; }
}

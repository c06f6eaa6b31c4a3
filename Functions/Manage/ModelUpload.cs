using Microsoft.Net.Http.Headers;
using RecordingFunctions.Watch;

namespace RecordingFunctions.Manage;

/// <summary>
/// A model with its settings as the page uploads it, to the library or for one participant: multipart parts
/// <c>model</c> (a file named by <see cref="ModelFileName.Rule"/>) and <c>settings</c> (JSON, checked by
/// <see cref="ModelSettings.Validate"/>). Either the file, name and settings, or the error.
/// </summary>
internal sealed record ModelUpload(ModelFileName? FileName, FileStream? ModelFile, string? SettingsJson, string? Error)
{
    /// <summary>
    /// Reads the parts in either order. The model goes to a temporary file that deletes itself, so that nothing is
    /// stored unless both parts are valid and memory stays flat; the caller disposes <see cref="ModelFile"/>.
    /// </summary>
    public static async Task<ModelUpload> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (MultipartUpload.ReaderFor(request) is not { } reader)
        {
            return Failed("the body must be multipart/form-data with the parts 'model' and 'settings'");
        }

        FileStream? modelFile = null;
        string? fileName = null;
        string? settingsText = null;
        try
        {
            while (await MultipartUpload.ReadSectionAsync(reader, cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                switch (HeaderUtilities.RemoveQuotes(disposition.Name).Value)
                {
                    case "model":
                        fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                        modelFile?.Dispose();
                        modelFile = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                        await section.Body.CopyToAsync(modelFile, cancellationToken);
                        if (modelFile.Length > maxBytes)
                        {
                            return Failed($"the model is larger than the maximum upload size of {maxBytes} bytes", modelFile);
                        }

                        modelFile.Position = 0;
                        break;
                    case "settings":
                        using (var text = new StreamReader(section.Body, Encoding.UTF8))
                        {
                            settingsText = await text.ReadToEndAsync(cancellationToken);
                        }

                        break;
                }
            }
        }
        catch (MalformedPartHeadersException e)
        {
            return Failed(e.Message, modelFile);
        }

        if (modelFile is null || string.IsNullOrWhiteSpace(fileName))
        {
            return Failed("the part 'model' with a file name is missing", modelFile);
        }

        var (safeName, nameError) = UploadFileName.Sanitize(fileName);
        if ((safeName is null ? null : ModelFileName.Parse(safeName)) is not { } modelName)
        {
            return Failed(nameError ?? ModelFileName.Rule, modelFile);
        }

        if (settingsText is null)
        {
            return Failed("the part 'settings' is missing", modelFile);
        }

        var (settingsJson, settingsError) = ModelSettings.Validate(settingsText);
        return settingsJson is null
            ? Failed(settingsError!, modelFile)
            : new ModelUpload(modelName, modelFile, settingsJson, null);
    }

    private static ModelUpload Failed(string error, FileStream? modelFile = null) => new(null, modelFile, null, error);
}

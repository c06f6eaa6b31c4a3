namespace RecordingFunctions.Migration;

/// <summary>
/// Imports the models the Flask server's page kept flat in <c>tf_models/</c>, each <c>&lt;name&gt;.tflite|.ort|.pt</c>
/// beside its settings <c>&lt;name&gt;.json</c>, into the model library through <see cref="ModelStore"/>, as the
/// page's upload adds them. The Flask server served the newest file (its page's "select" touched the file), so the
/// newest one a watch can load becomes the active model unless the caller says otherwise.
/// </summary>
public sealed class FlaskModelLibrary(ModelStore models, ILogger<FlaskModelLibrary> logger)
{
    private const string SettingsEnding = "json";

    public async Task ImportAsync(string folder, bool activateNewest, ImportReport report, CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var modelStems = files.Where(IsModel).Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        (ModelFileName Name, DateTime Time)? newest = null;
        foreach (var file in files)
        {
            var path = Path.Combine(folder, file);
            var stem = Path.GetFileNameWithoutExtension(file);
            if (EndingOf(file) == SettingsEnding)
            {
                if (!modelStems.Contains(stem))
                {
                    report.Skipped.Add($"{path}: model settings without a model beside them ({stem}.tflite, .ort or .pt)");
                }

                continue;
            }

            if (!IsModel(file))
            {
                report.Skipped.Add($"{path}: neither a model (.tflite, .ort, .pt) nor a model's settings (.json)");
                continue;
            }

            var settingsPath = Path.Combine(folder, stem + "." + SettingsEnding);
            if (!File.Exists(settingsPath))
            {
                report.Skipped.Add($"{path}: a model without its settings {stem}.json beside it");
                continue;
            }

            var (settingsJson, settingsError) = ModelSettings.Validate(await File.ReadAllTextAsync(settingsPath, cancellationToken));
            if (settingsJson is null)
            {
                report.Skipped.Add($"{path}: its settings {stem}.json are refused: {settingsError}");
                continue;
            }

            if (LibraryName(file, taken, report, path) is not { } name)
            {
                continue;
            }

            var time = File.GetLastWriteTimeUtc(path);
            await using (var content = File.OpenRead(path))
            {
                await models.AddAsync(name, content, settingsJson, long.MaxValue, new DateTimeOffset(time), activateIfFirst: false, cancellationToken);
            }

            report.Models.Add(name.ToString());
            if (name.LoadableByWatches && (newest is null || time > newest.Value.Time))
            {
                newest = (name, time);
            }
        }

        if (activateNewest && newest is { } active)
        {
            await models.ActivateAsync(active.Name.Name, cancellationToken);
            report.ActiveModel = active.Name.ToString();
            logger.LogInformation("Model {Model}, the newest of the Flask server's, is the active one", report.ActiveModel);
        }
    }

    /// <summary>The name in the library; a file whose name the library cannot keep as it is, is renamed and the rename reported.</summary>
    private static ModelFileName? LibraryName(string file, HashSet<string> taken, ImportReport report, string path)
    {
        if (ModelFileName.FromFlask(file) is not { } name)
        {
            report.Skipped.Add($"{path}: the name is nothing but its ending");
            return null;
        }

        var why = name.ToString() == file ? null : "a model's name has only letters, digits, '-' and '_' and one ending";
        if (taken.Contains(name.Name))
        {
            name = name.WithEndingInName();
            why = "another model of the folder has its name";
            if (taken.Contains(name.Name))
            {
                report.Skipped.Add($"{path}: other models of the folder have its name and {name}");
                return null;
            }
        }

        taken.Add(name.Name);
        if (why is not null)
        {
            report.Renamed.Add($"{path} as {name}: {why}");
        }

        return name;
    }

    private static bool IsModel(string file) => ModelFileName.Endings.Contains(EndingOf(file));

    private static string EndingOf(string file) => Path.GetExtension(file).TrimStart('.').ToLowerInvariant();
}

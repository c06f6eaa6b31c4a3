namespace RecordingFunctions.Configuration;

/// <summary>
/// Brings a document to the current form: a Flask <c>config.yml</c> (version 1, the password in clear) or any
/// document lacking keys keeps its own values, has its password hashed and gets each missing key's default.
/// </summary>
public static class ConfigMigration
{
    public static CompletedDocument Complete(ConfigDocument document, FirstStart firstStart)
    {
        var settings = StudySettings.Unfilled;
        var updated = new List<SettingKey>();
        foreach (var key in ConfigKeys.All)
        {
            settings = key.Complete(settings, document, firstStart, out var migrated);
            if (migrated)
            {
                updated.Add(key);
            }
        }

        return new CompletedDocument(settings, document.With(settings), document.Version, updated);
    }
}

/// <summary>
/// A document's settings and the document to store for them; <see cref="Updated"/> names the keys the stored one
/// lacked or held in an older form.
/// </summary>
public sealed record CompletedDocument(StudySettings Settings, ConfigDocument Document, int FromVersion, IReadOnlyList<SettingKey> Updated)
{
    public bool NeedsWriting => FromVersion < ConfigDocument.CurrentVersion || Updated.Count > 0;

    public string UpdatedKeys => string.Join(", ", Updated.Select(key => key.YamlName));
}

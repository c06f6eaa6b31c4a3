namespace RecordingFunctions.Configuration;

/// <summary>The settings as the API shows them, and the form fields from which the page builds its settings view.</summary>
public static class SettingsJson
{
    /// <summary>
    /// Every key with an API name (never the password hash or the pseudonym key) by that name, and <c>fields</c>: the
    /// editable keys in the document's order, each with its name, label, group, kind and limits.
    /// </summary>
    public static Dictionary<string, object?> Of(StudySettings settings, DeploymentLimits deployment)
    {
        var json = ConfigKeys.All.Where(key => key.ApiName is not null).ToDictionary(key => key.ApiName!, key => key.ToJson(settings));
        json["fields"] = ConfigKeys.All.Where(key => key.Editable).Select(key => key.Field(deployment)).ToList();
        return json;
    }
}

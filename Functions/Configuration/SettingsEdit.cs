namespace RecordingFunctions.Configuration;

/// <summary>A change of settings sent to the API: each editable key it names, read and checked as <see cref="ConfigKeys"/> declares it.</summary>
public sealed class SettingsEdit
{
    private readonly IReadOnlyList<Func<StudySettings, StudySettings>> _changes;

    private SettingsEdit(IReadOnlyList<Func<StudySettings, StudySettings>> changes) => _changes = changes;

    /// <summary>
    /// Reads the keys sent by their API names, in any case as the API's JSON binding always took them; a key sent as
    /// null, or one the API does not change (the client secret has its own route), is left as it is.
    /// </summary>
    /// <returns>The edit, or null with what the API says about the first value it cannot take.</returns>
    public static SettingsEdit? Read(IReadOnlyDictionary<string, JsonElement> sent, DeploymentLimits deployment, out string? problem)
    {
        var changes = new List<Func<StudySettings, StudySettings>>();
        foreach (var key in ConfigKeys.All.Where(key => key.Editable))
        {
            var value = sent.LastOrDefault(property => string.Equals(property.Key, key.ApiName, StringComparison.OrdinalIgnoreCase)).Value;
            if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            {
                continue;
            }

            problem = key.TryReadChange(value, deployment, out var change);
            if (problem is not null)
            {
                return null;
            }

            changes.Add(change);
        }

        problem = null;
        return new SettingsEdit(changes);
    }

    public StudySettings ApplyTo(StudySettings settings) => _changes.Aggregate(settings, (changed, change) => change(changed));
}

using System.Text.Json.Nodes;

namespace RecordingFunctions.Storage;

/// <summary>
/// The settings a watch reads beside its detection model (protocol section 4). Builds since 22 April 2021 read each
/// key only when it is there, and the Flask server's own settings since May 2021 carry no
/// <c>positive_prediction_*</c> keys, so every key is optional; a key that is there must have its type.
/// </summary>
public static class ModelSettings
{
    /// <summary>
    /// The keys the builds of 5 to 22 April 2021 read unconditionally: without one they crash
    /// (<c>notification_cool_down</c> from the build of 14 April on).
    /// </summary>
    public static readonly IReadOnlyList<string> KeysApril2021BuildsNeed =
        ["frame_size", "positive_prediction_time", "positive_prediction_counter", "notification_cool_down", "required_sensors"];

    private static readonly IReadOnlyList<string> IntegerKeys =
        ["frame_size", "positive_prediction_time", "positive_prediction_counter", "notification_cool_down", "mean_kernel_size"];

    /// <returns>The settings as compact JSON, or an error naming the first problem.</returns>
    public static (string? Json, string? Error) Validate(string text)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            return (null, $"the settings are not JSON: {e.Message}");
        }

        if (parsed is not JsonObject settings)
        {
            return (null, "the settings must be a JSON object");
        }

        foreach (var key in IntegerKeys)
        {
            if (settings.ContainsKey(key) && !IsInteger(settings[key]))
            {
                return (null, $"'{key}' must be a whole number");
            }
        }

        // An empty list is the right type but leaves the model without input: the watch would record for nothing.
        if (settings.ContainsKey("required_sensors")
            && (settings["required_sensors"] is not JsonArray sensors || sensors.Count == 0 || !sensors.All(IsInteger)))
        {
            return (null, "'required_sensors' must be a non-empty list of Android sensor type ids (e.g. [1, 4])");
        }

        if (settings.ContainsKey("mean_threshold") && settings["mean_threshold"]?.GetValueKind() != JsonValueKind.Number)
        {
            return (null, "'mean_threshold' must be a number");
        }

        return (settings.ToJsonString(), null);
    }

    /// <summary>The keys of <see cref="KeysApril2021BuildsNeed"/> that validated settings lack.</summary>
    public static IReadOnlyList<string> MissingForApril2021Builds(string settingsJson) =>
        JsonNode.Parse(settingsJson) is JsonObject settings ? [.. KeysApril2021BuildsNeed.Where(key => !settings.ContainsKey(key))] : KeysApril2021BuildsNeed;

    /// <returns>What the admin should know about watches of April 2021, or null when the settings have every key they need.</returns>
    public static string? April2021Notice(IReadOnlyList<string> missing) => missing.Count == 0
        ? null
        : $"Watches built 5 to 22 April 2021 crash on a missing key: these settings lack {string.Join(", ", missing)}. Later builds use their defaults.";

    private static bool IsInteger(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out _);
}

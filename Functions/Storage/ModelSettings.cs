using System.Text.Json;
using System.Text.Json.Nodes;

namespace RecordingFunctions.Storage;

/// <summary>
/// The settings a watch reads beside its detection model (protocol section 4). The 2021 app's parser crashes on a
/// missing key, so every required key is checked, with its type, before a model is accepted.
/// </summary>
public static class ModelSettings
{
    public static readonly IReadOnlyList<string> RequiredIntegers =
        ["frame_size", "positive_prediction_time", "positive_prediction_counter", "notification_cool_down"];

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

        foreach (var key in RequiredIntegers)
        {
            if (!IsInteger(settings[key]))
            {
                return (null, $"the settings need '{key}' as a whole number");
            }
        }

        if (settings["required_sensors"] is not JsonArray sensors || sensors.Count == 0 || !sensors.All(IsInteger))
        {
            return (null, "the settings need 'required_sensors' as a non-empty list of Android sensor type ids (e.g. [1, 4])");
        }

        if (settings["mean_threshold"] is { } threshold && threshold.GetValueKind() != JsonValueKind.Number)
        {
            return (null, "'mean_threshold' must be a number");
        }

        if (settings["mean_kernel_size"] is { } kernel && !IsInteger(kernel))
        {
            return (null, "'mean_kernel_size' must be a whole number");
        }

        return (settings.ToJsonString(), null);
    }

    private static bool IsInteger(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out _);
}

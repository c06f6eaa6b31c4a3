namespace RecordingFunctions.Tests.Manage;

/// <summary>The rules for a model's served name and its settings, as pure code.</summary>
public sealed class ModelNameAndSettingsTests
{
    [Theory]
    [InlineData("handwash.tflite", "handwash.tflite")]
    [InlineData("HandWash.TFLITE", "HandWash.tflite")]
    [InlineData("model-2.ort", "model-2.ort")]
    [InlineData("filter_3.pt", "filter_3.pt")]
    [InlineData("handwash", null)]
    [InlineData("handwash.tflite.tflite", null)]
    [InlineData("hand.wash.tflite", null)]
    [InlineData(".tflite", null)]
    [InlineData("handwash.onnx", null)]
    public void A_name_for_the_library_has_no_dot_and_a_model_ending(string fileName, string? parsed) =>
        Assert.Equal(parsed, ModelFileName.Parse(fileName)?.ToString());

    /// <summary>Whatever the Flask server kept, the library's name is NAME.ENDING with the file's real ending.</summary>
    [Theory]
    [InlineData("handwash.tflite", "handwash.tflite")]
    [InlineData("Handwash.ORT", "Handwash.ort")]
    [InlineData("handwash.tflite.tflite", "handwash.tflite")]
    [InlineData("handwash.ort.tflite", "handwash.tflite")]
    [InlineData("hand.wash.v2.tflite", "hand_wash_v2.tflite")]
    [InlineData("convlstm filter.pt", "convlstm_filter.pt")]
    [InlineData("handwash", null)]
    [InlineData("handwash.h5", null)]
    [InlineData(".tflite", null)]
    public void A_flask_file_name_maps_to_a_library_name_with_its_real_ending(string fileName, string? mapped) =>
        Assert.Equal(mapped, ModelFileName.FromFlask(fileName)?.ToString());

    [Fact]
    public void A_long_flask_name_is_cut_and_a_second_file_of_the_same_name_gets_its_ending_in_the_name()
    {
        var name = ModelFileName.FromFlask(new string('m', 150) + ".ort")!;

        Assert.Equal(ModelFileName.MaxNameLength, name.Name.Length);
        var other = name.WithEndingInName();
        Assert.EndsWith("_ort", other.Name, StringComparison.Ordinal);
        Assert.Equal(ModelFileName.MaxNameLength, other.Name.Length);
        Assert.NotNull(ModelFileName.Parse(other.ToString()));
    }

    [Fact]
    public void Only_tflite_and_ort_models_are_loadable_by_watches()
    {
        Assert.True(ModelFileName.Parse("a.tflite")!.LoadableByWatches);
        Assert.True(ModelFileName.Parse("a.ort")!.LoadableByWatches);
        Assert.False(ModelFileName.Parse("a.pt")!.LoadableByWatches);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"frame_size": 150, "mean_threshold": 0.6, "mean_kernel_size": 25, "notification_cool_down": 60, "required_sensors": [1, 4]}""")]
    [InlineData("""{"frame_size": 150, "positive_prediction_time": 10, "positive_prediction_counter": 3, "notification_cool_down": 30, "required_sensors": [1]}""")]
    [InlineData("""{"mean_threshold": 1, "unknown": "kept"}""")]
    public void Every_key_is_optional(string settings) => Assert.Null(ModelSettings.Validate(settings).Error);

    [Theory]
    [InlineData("""{"frame_size": "150"}""", "'frame_size'")]
    [InlineData("""{"positive_prediction_time": 1.5}""", "'positive_prediction_time'")]
    [InlineData("""{"positive_prediction_counter": null}""", "'positive_prediction_counter'")]
    [InlineData("""{"notification_cool_down": true}""", "'notification_cool_down'")]
    [InlineData("""{"required_sensors": [1, "4"]}""", "'required_sensors'")]
    [InlineData("""{"required_sensors": 1}""", "'required_sensors'")]
    [InlineData("""{"required_sensors": []}""", "'required_sensors'")]
    [InlineData("""{"mean_threshold": "0.6"}""", "'mean_threshold'")]
    [InlineData("""{"mean_threshold": null}""", "'mean_threshold'")]
    [InlineData("""{"mean_kernel_size": 2.5}""", "'mean_kernel_size'")]
    [InlineData("[150]", "a JSON object")]
    public void A_key_that_is_there_must_have_its_type(string settings, string named) =>
        Assert.Contains(named, ModelSettings.Validate(settings).Error, StringComparison.Ordinal);

    [Fact]
    public void The_keys_April_2021_builds_need_and_the_settings_lack_are_named_in_a_notice()
    {
        var missing = ModelSettings.MissingForApril2021Builds("""{"frame_size": 150, "mean_threshold": 0.6, "notification_cool_down": 60, "required_sensors": [1, 4]}""");

        Assert.Equal(["positive_prediction_time", "positive_prediction_counter"], missing);
        Assert.Contains("positive_prediction_time, positive_prediction_counter", ModelSettings.April2021Notice(missing), StringComparison.Ordinal);
        Assert.Null(ModelSettings.April2021Notice([]));
    }
}

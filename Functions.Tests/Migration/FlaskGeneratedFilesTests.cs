using RecordingFunctions.Migration;

namespace RecordingFunctions.Tests.Migration;

/// <summary>The files the Flask server made from a set's files (its source: tools.py, data_factory.py, views.py) against the watch's own.</summary>
public sealed class FlaskGeneratedFilesTests
{
    private const string Set = "0b6f3c2e-6a57-4a57-9c53-1d2b7d3f9a10";

    [Theory]
    [InlineData(".0b6f3c2e-6a57-4a57-9c53-1d2b7d3f9a10.zip", "own zip")]
    [InlineData("0b6f3c2e-6a57-4a57-9c53-1d2b7d3f9a10.zip", "own zip")]
    [InlineData("sensor_data.npy", "NumPy")]
    [InlineData("sensor_data_flattened.npy", "NumPy")]
    [InlineData("data_array_acc.npy", "NumPy")]
    [InlineData("data_array_marker.npy", "NumPy")]
    [InlineData("data_plot.png", "plot")]
    [InlineData("data_plot.svg", "plot")]
    [InlineData("evaluation_graph.png", "plot")]
    [InlineData("complete_dataset.zip", "single-file dataset")]
    [InlineData("complete_dataset_labeled.zip", "single-file dataset")]
    public void A_file_the_flask_server_generated_is_named_with_the_reason(string fileName, string reason) =>
        Assert.Contains(reason, FlaskGeneratedFiles.Reason(fileName, Set), StringComparison.Ordinal);

    [Theory]
    [InlineData("sensor_recording_android_0.mkv")]
    [InlineData("android_sensor_accelerometer_0.zip")]
    [InlineData("recording_mic_0_2021-05-01T10_00+0000_f00d.zip")]
    [InlineData("metaInfo_0_2021-06-11T10_00+0000_f00d.json")]
    [InlineData("README.md")]
    [InlineData("personal.tflite")]
    [InlineData("1b6f3c2e-6a57-4a57-9c53-1d2b7d3f9a10.zip")]
    [InlineData("data_plot_notes.csv")]
    public void A_watch_file_is_not_taken_for_one(string fileName) => Assert.Null(FlaskGeneratedFiles.Reason(fileName, Set));
}

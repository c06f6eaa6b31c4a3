using RecordingFunctions.Sensors;

namespace RecordingFunctions.Tests.Sensors;

/// <summary>Which files are sensor zips and hand-wash time stamps, by their names alone.</summary>
public sealed class SensorFileNameTests
{
    [Theory]
    [InlineData("android_sensor_accelerometer_0.zip", "accelerometer", 0)]
    [InlineData("android_sensor_magnetic_field_12.zip", "magnetic_field", 12)]
    [InlineData("android_sensor_gyroscope_3_2022-05-01T10_00+0000_f00d1234.zip", "gyroscope", 3)]
    [InlineData("android_sensor_rotation_vector_1_2023-11-30T23_59+0000_ab12.zip", "rotation_vector", 1)]
    public void Sensor_zip_names_of_both_app_generations_give_sensor_and_run(string name, string sensor, int run)
    {
        Assert.True(SensorFileName.TryParse(name, out var parsed));
        Assert.Equal(new SensorFileName(sensor, run), parsed);
    }

    [Theory]
    [InlineData("sensor_recording_mic_0.zip")]
    [InlineData("android_sensor_accelerometer.zip")]
    [InlineData("android_sensor_accelerometer_0.csv")]
    [InlineData("hand_wash_time_stamps_0_2022-05-01T10_00+0000_f00d.csv")]
    public void Other_files_are_no_sensor_zips(string name) => Assert.False(SensorFileName.TryParse(name, out _));

    [Theory]
    [InlineData("sensor_recording_hand_wash_time_stamps_0.csv", true)]
    [InlineData("hand_wash_time_stamps_2_2022-05-01T10_00+0000_f00d.csv", true)]
    [InlineData("marker_time_stamps_2_2022-05-01T10_00+0000_f00d.csv", false)]
    [InlineData("sensor_recording_mic_time_stamps_0.csv", false)]
    public void Hand_wash_time_stamp_files_are_known_by_name(string name, bool expected) =>
        Assert.Equal(expected, SensorFileName.IsHandWashTimeStamps(name));
}

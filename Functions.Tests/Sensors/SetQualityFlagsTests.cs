using RecordingFunctions.Sensors;

namespace RecordingFunctions.Tests.Sensors;

public sealed class SetQualityFlagsTests
{
    private static SensorQuality File(string sensor, int run, double rate = 50, double gap = 0.02) =>
        new($"android_sensor_{sensor}_{run}.zip", sensor, 1_000, 20, rate, gap);

    [Fact]
    public void A_complete_even_set_has_no_flags()
    {
        Assert.Empty(SetQualityFlags.For([File("accelerometer", 0), File("gyroscope", 0, rate: 99), File("accelerometer", 1, rate: 26), File("gyroscope", 1)]));
        Assert.Empty(SetQualityFlags.For([]));
    }

    [Fact]
    public void A_gap_longer_than_a_minute_is_flagged_in_minutes()
    {
        Assert.Equal(["gap: accelerometer 10 min"], SetQualityFlags.For([File("accelerometer", 0, gap: 600)]));
        Assert.Equal(["gap: gyroscope 1.5 min"], SetQualityFlags.For([File("accelerometer", 0, gap: 60), File("gyroscope", 0, gap: 90)]));
    }

    [Fact]
    public void A_rate_far_from_the_median_of_the_other_sensors_is_flagged_but_not_in_a_set_of_one()
    {
        Assert.Equal(
            ["rate: gyroscope 12.5 Hz"],
            SetQualityFlags.For([File("accelerometer", 0), File("gyroscope", 0, rate: 12.5), File("magnetic_field", 0, rate: 55)]));
        Assert.Equal(
            ["rate: magnetic_field 210 Hz"],
            SetQualityFlags.For([File("accelerometer", 0), File("gyroscope", 0, rate: 48), File("magnetic_field", 0, rate: 210)]));
        Assert.Equal(
            ["rate: accelerometer 50 Hz", "rate: gyroscope 20 Hz"],
            SetQualityFlags.For([File("accelerometer", 0), File("gyroscope", 0, rate: 20)]));
        Assert.Empty(SetQualityFlags.For([File("accelerometer", 0), File("gyroscope", 0, rate: 25)]));
        Assert.Empty(SetQualityFlags.For([File("accelerometer", 0, rate: 1)]));
    }

    [Fact]
    public void A_sensor_another_run_recorded_is_missing_and_so_is_an_accelerometer_in_a_set_without_one()
    {
        Assert.Equal(["missing: gyroscope"], SetQualityFlags.For([File("accelerometer", 0), File("gyroscope", 0), File("accelerometer", 1)]));
        Assert.Equal(["missing: accelerometer"], SetQualityFlags.For([File("gyroscope", 0), File("gyroscope", 1)]));
        Assert.Equal(
            ["missing: gyroscope"],
            SetQualityFlags.For([new SensorQuality("android_sensor_accelerometer_0_2022-05-01T10_00+0000_f00d.zip", "accelerometer", 10, 1, 9, 0.1),
                new SensorQuality("android_sensor_gyroscope_0_2022-05-01T10_00+0000_f00d.zip", "gyroscope", 10, 1, 9, 0.1),
                new SensorQuality("android_sensor_accelerometer_1_2022-05-01T11_00+0000_f00d.zip", "accelerometer", 10, 1, 9, 0.1)]));
    }
}

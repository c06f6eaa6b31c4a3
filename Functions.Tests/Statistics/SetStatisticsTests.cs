using RecordingFunctions.Sensors;
using RecordingFunctions.Statistics;

namespace RecordingFunctions.Tests.Statistics;

public sealed class SetStatisticsTests
{
    private const long Second = 1_000_000_000;
    private const long Start = 5_000 * Second;
    private const string Stamp = "2021-06-11T20_00+0000_abc";
    private static readonly DateTimeOffset Date = new(2021, 6, 11, 22, 0, 0, TimeSpan.FromHours(2));

    private static SetFileFacts MetaInfo(int run = 0) => SetFileFacts.Parse(
        SetFileFacts.MetaInfoKind,
        $"metaInfo_{run}_{Stamp}.json",
        Encoding.UTF8.GetBytes($$"""{"android_id": "abc", "date": "2021-06-11T22:00:00+02:00", "start_time_stamp": {{Start}}, "version": "0.9.3", "tf_model": "running_mean.tflite"}"""));

    [Fact]
    public void Wall_time_is_the_metaInfo_date_plus_the_time_stamp_minus_the_start_time_stamp()
    {
        var clock = new BootClock(Date, Start);

        Assert.Equal(Date.AddMinutes(30), clock.ToWall(Start + 1800 * Second));
        // The Flask server's start - timestamp put an event half an hour after the start half an hour before it.
        Assert.NotEqual(Date.AddMinutes(-30), clock.ToWall(Start + 1800 * Second));
        Assert.Equal(Date.AddMinutes(-30), clock.ToWall(Start - 1800 * Second));
        Assert.Null(clock.ToWall(long.MaxValue));
    }

    [Fact]
    public void Evaluation_rows_are_read_with_their_answers_and_bad_rows_are_skipped()
    {
        var answers = EvaluationCsv.Parse("timestamp\twashed\tcompulsive\ttense\turge\n100\t1\t0\t3\t4\r\n200\t0\t1\t9\t2\n300\t1\n400\tx\t0\t1\t1\n");

        Assert.Equal([new EvaluationAnswer(100, true, false, 3, 4), new EvaluationAnswer(200, false, true, null, 2)], answers);
        Assert.True(EvaluationCsv.IsEvaluationFile($"evaluation_0_{Stamp}.csv"));
        Assert.True(EvaluationCsv.IsEvaluationFile("sensor_recording_evaluation_2.csv"));
        Assert.False(EvaluationCsv.IsEvaluationFile($"overallEvaluation_0_{Stamp}.csv"));
    }

    [Fact]
    public void A_set_counts_its_recording_marks_and_answers_on_the_wearers_local_days()
    {
        // 22:00 local on 11 June, 3 hours of sensor data: 2 h on the 11th and 1 h on the 12th.
        List<SensorQuality> quality =
        [
            new($"android_sensor_accelerometer_0_{Stamp}.zip", "accelerometer", 1000, 10800, 50, 1) { FirstTimestamp = Start, LastTimestamp = Start + 10800 * Second },
            new($"android_sensor_gyroscope_0_{Stamp}.zip", "gyroscope", 1000, 10000, 50, 1) { FirstTimestamp = Start + 100 * Second, LastTimestamp = Start + 10000 * Second },
        ];
        List<SetFileFacts> facts =
        [
            MetaInfo(),
            SetFileFacts.Parse(SetFileFacts.HandWashesKind, $"hand_wash_time_stamps_0_{Stamp}.csv", Encoding.UTF8.GetBytes($"{Start + 600 * Second}\n{Start + 9000 * Second}\n")),
            SetFileFacts.Parse(SetFileFacts.EvaluationKind, $"evaluation_0_{Stamp}.csv", Encoding.UTF8.GetBytes(
                $"{Start + 60 * Second}\t1\t0\t2\t4\n{Start + 120 * Second}\t0\t0\t4\t2\n{Start + 9000 * Second}\t1\t1\t5\t5\n")),
        ];

        var statistics = SetStatistics.Compute(quality, facts, null);

        Assert.Equal(10800, statistics.Totals.RecordedSeconds, 3);
        Assert.Equal(2, statistics.Totals.HandWashesMarked);
        Assert.Equal(3, statistics.Totals.HandWashesDetected);
        Assert.Equal((2, 1, 1), (statistics.Totals.AnsweredYes, statistics.Totals.AnsweredNo, statistics.Totals.Compulsive));
        Assert.Equal(11.0 / 3, statistics.Totals.MeanTense!.Value, 6);
        Assert.Equal(("0.9.3", "running_mean.tflite"), (statistics.AppVersion, statistics.Model));
        Assert.Equal(2000, statistics.SensorSamples);
        Assert.Equal(Date, statistics.Start);
        Assert.Equal(Date.AddHours(3), statistics.End);

        var days = statistics.Days.ToDictionary(d => d.Date, d => d.Figures);
        Assert.Equal([new DateOnly(2021, 6, 11), new DateOnly(2021, 6, 12)], days.Keys);
        Assert.Equal(7200, days[new DateOnly(2021, 6, 11)].RecordedSeconds, 3);
        Assert.Equal(3600, days[new DateOnly(2021, 6, 12)].RecordedSeconds, 3);
        Assert.Equal((1, 2, 1, 1), (days[new DateOnly(2021, 6, 11)].HandWashesMarked, days[new DateOnly(2021, 6, 11)].HandWashesDetected, days[new DateOnly(2021, 6, 11)].AnsweredYes, days[new DateOnly(2021, 6, 11)].AnsweredNo));
        Assert.Equal(3.0, days[new DateOnly(2021, 6, 11)].MeanTense);
        Assert.Equal((1, 1, 5.0), (days[new DateOnly(2021, 6, 12)].HandWashesMarked, days[new DateOnly(2021, 6, 12)].HandWashesDetected, days[new DateOnly(2021, 6, 12)].MeanUrge));
    }

    [Fact]
    public void Without_a_metaInfo_clock_everything_counts_on_the_recording_date()
    {
        List<SensorQuality> quality = [new("android_sensor_accelerometer_0.zip", "accelerometer", 10, 60, 1, 1) { FirstTimestamp = 0, LastTimestamp = 60 * Second }];
        List<SetFileFacts> facts = [SetFileFacts.Parse(SetFileFacts.EvaluationKind, "sensor_recording_evaluation_0.csv", "5\t1\t0\t1\t1\n"u8)];

        var statistics = SetStatistics.Compute(quality, facts, new DateTimeOffset(2021, 3, 2, 23, 0, 0, TimeSpan.Zero));

        var day = Assert.Single(statistics.Days);
        Assert.Equal(new DateOnly(2021, 3, 2), day.Date);
        Assert.Equal((60.0, 1), (day.Figures.RecordedSeconds, day.Figures.HandWashesDetected));
        Assert.Null(statistics.AppVersion);
    }

    [Fact]
    public void Each_run_uses_its_own_metaInfo_and_its_own_span()
    {
        var secondRun = SetFileFacts.Parse(
            SetFileFacts.MetaInfoKind, $"metaInfo_1_{Stamp}.json", Encoding.UTF8.GetBytes($$"""{"date": "2021-06-14T08:00:00Z", "start_time_stamp": "{{Start}}"}"""));
        List<SensorQuality> quality =
        [
            new($"android_sensor_accelerometer_0_{Stamp}.zip", "accelerometer", 10, 60, 1, 1) { FirstTimestamp = Start, LastTimestamp = Start + 60 * Second },
            new($"android_sensor_accelerometer_1_{Stamp}.zip", "accelerometer", 10, 30, 1, 1) { FirstTimestamp = Start, LastTimestamp = Start + 30 * Second },
            new($"android_sensor_gyroscope_2_{Stamp}.zip", "gyroscope", 0, 0, 0, 0),
        ];

        var statistics = SetStatistics.Compute(quality, [MetaInfo(), secondRun], null);

        Assert.Equal(90, statistics.Totals.RecordedSeconds, 3);
        Assert.Equal([(new DateOnly(2021, 6, 11), 60.0), (new DateOnly(2021, 6, 14), 30.0)], statistics.Days.Select(d => (d.Date, Math.Round(d.Figures.RecordedSeconds, 3))));
        Assert.Equal(1, SetFileFacts.RunOf("sensor_recording_hand_wash_time_stamps_1.csv"));
        Assert.Equal(0, SetFileFacts.RunOf($"android_sensor_magnetic_field_0_{Stamp}.zip"));
        Assert.Null(SetFileFacts.RunOf("metaInfo.json"));
    }
}

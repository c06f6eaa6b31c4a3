using RecordingFunctions.Participants;
using RecordingFunctions.Statistics;

namespace RecordingFunctions.Tests.Statistics;

public sealed class ParticipantStatisticsTests
{
    private static RecordingSetSummary Set(DateTimeOffset lastUpload, params DayFigures[] days) => Tagged([], lastUpload, days);

    private static RecordingSetSummary Tagged(string[] tags, DateTimeOffset lastUpload, params DayFigures[] days) => new(
        SetId.New(), lastUpload, null, null, 1, 1, lastUpload, lastUpload, null, [], [], [],
        new SetAssignment(null, null, null, "p", false),
        new SetStatistics(days.Aggregate(StatisticsFigures.None, (sum, d) => sum.Plus(d.Figures)), days, 1, null, null, null, null),
        tags);

    [Fact]
    public void Days_of_several_sets_add_up_and_the_days_between_without_data_are_listed()
    {
        var first = new DateOnly(2026, 3, 1);
        var upload = new DateTimeOffset(2026, 3, 5, 8, 0, 0, TimeSpan.Zero);
        var sets = new[]
        {
            Set(upload.AddDays(-3), new DayFigures(first, new StatisticsFigures { RecordedSeconds = 3600, TenseSum = 2, TenseCount = 1 })),
            Set(upload, new DayFigures(first, new StatisticsFigures { RecordedSeconds = 1800, HandWashesDetected = 1, AnsweredYes = 1, TenseSum = 4, TenseCount = 1 }),
                new DayFigures(first.AddDays(3), new StatisticsFigures { HandWashesMarked = 2 })),
            Set(upload.AddDays(-1)) with { Statistics = null },
            Tagged(["exclude"], upload.AddDays(1), new DayFigures(first.AddDays(9), new StatisticsFigures { RecordedSeconds = 60 })),
        };

        var statistics = ParticipantStatistics.For(sets, ["exclude", "test"]);

        Assert.Equal([first, first.AddDays(1), first.AddDays(2), first.AddDays(3)], statistics.Days.Select(d => d.Date));
        Assert.Equal(5400, statistics.Days[0].Figures.RecordedSeconds);
        Assert.Equal(3.0, statistics.Days[0].Figures.MeanTense);
        Assert.Equal([first.AddDays(1), first.AddDays(2)], statistics.DaysWithoutData);
        Assert.Equal(2, statistics.DaysCovered);
        Assert.Equal((3, 1, 2, 1), (statistics.Sets, statistics.ExcludedSets, statistics.Totals.HandWashesMarked, statistics.Totals.AnsweredYes));
        // An excluded set leaves the figures, not the last upload.
        Assert.Equal(upload.AddDays(1), statistics.LastUpload);
    }

    [Fact]
    public void A_participant_without_sets_has_no_days_and_no_last_upload()
    {
        var statistics = ParticipantStatistics.For([], []);

        Assert.Empty(statistics.Days);
        Assert.Null(statistics.LastUpload);
        Assert.Equal(0, statistics.DaysCovered);
    }
}

using System.Globalization;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>A clock the test moves by hand, for lifetimes and cool-downs.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    /// <summary>Where a clock starts unless a test says otherwise.</summary>
    public static readonly DateTimeOffset StudyStart = DateTimeOffset.Parse("2026-03-01T08:00:00Z", CultureInfo.InvariantCulture);

    private DateTimeOffset _now = start;

    public ManualClock()
        : this(StudyStart)
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

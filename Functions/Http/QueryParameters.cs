namespace RecordingFunctions.Http;

/// <summary>
/// The query parameters of the management API's lists and views (paging, limits, searches, windows), all read one
/// way: a parameter sent empty counts as not sent, text is trimmed, and a number is whole digits (no sign, no spaces)
/// within its range. The first parameter that does not read is kept in <see cref="Problem"/>, the message of the 400
/// the function answers.
/// </summary>
public sealed class QueryParameters(IQueryCollection query)
{
    /// <summary>What is wrong with the first parameter that did not read; null while all did.</summary>
    public string? Problem { get; private set; }

    /// <returns>The text sent (a search, a continuation), trimmed; empty when none.</returns>
    public string Text(string name) => query[name].ToString().Trim();

    /// <param name="unit">What is counted, when the message should say so (<c>days</c>).</param>
    /// <returns>The number sent from <paramref name="min"/> to <paramref name="max"/>, else <paramref name="fallback"/>.</returns>
    public int WholeNumber(string name, int fallback, int min, int max, string? unit = null) =>
        (int)(Read(name, min, max, $"{name} must be a whole number{(unit is null ? "" : " of " + unit)} from {min} to {max}") ?? fallback);

    /// <returns>The number sent, any from 0 up, else <paramref name="fallback"/>.</returns>
    public int WholeNumber(string name, int fallback) => (int)(Read(name, 0, int.MaxValue, $"{name} must be a whole number") ?? fallback);

    /// <param name="problem">The message when the value is not a whole number from 0 up.</param>
    /// <returns>The number sent, else null.</returns>
    public long? WholeNumber(string name, string problem) => Read(name, 0, long.MaxValue, problem);

    private long? Read(string name, long min, long max, string problem)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Problem ??= problem;
        return null;
    }
}

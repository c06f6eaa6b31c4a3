namespace RecordingFunctions.Http;

/// <summary>
/// A request that failed because storage did not answer (no connection, or a server error, after the SDK's retries)
/// is answered 503 with a JSON message, under either host, rather than with an empty 500: the watch keeps its file and
/// tries again later, the page says what is wrong. Other failures are errors (<see cref="RequestFailure"/>).
/// </summary>
public static class StorageOutage
{
    public const string Message = "storage is not reachable";

    public static bool Caused(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or >= 500,
        AggregateException retried => retried.InnerExceptions.Count > 0 && retried.InnerExceptions.All(Caused),
        _ => false,
    };

    public static IActionResult Answer(ILogger logger, string function, Exception exception)
    {
        logger.LogWarning(exception, "{Function}: storage did not answer; answered 503", function);
        return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, Message);
    }
}

namespace RecordingFunctions.Http;

/// <summary>
/// The answer to an HTTP function that threw, under either host: 503 when storage did not answer
/// (<see cref="StorageOutage"/>), Kestrel's own status (400, 413) when the request could not be read, else 500,
/// logged as an error; each with the JSON error body, so a watch keeps its file and tries again, and the page can say
/// what happened.
/// </summary>
public static class RequestFailure
{
    public const string Message = "the server failed on this request (the failure is logged); try again later";

    /// <summary>Whether anyone is left to answer and the answer has not begun (a download may fail midway).</summary>
    public static bool CanAnswer(HttpContext http) => !http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested;

    public static IActionResult Answer(ILogger logger, string function, Exception exception)
    {
        if (StorageOutage.Caused(exception))
        {
            return StorageOutage.Answer(logger, function, exception);
        }

        // Kestrel could not read the request (a body over its limit, a body cut short): the caller's fault, which
        // Kestrel would answer with an empty 413 or 400.
        if (exception is BadHttpRequestException unreadable)
        {
            logger.LogWarning("{Function}: the request could not be read ({Reason}); answered {Status}", function, unreadable.Message, unreadable.StatusCode);
            return ApiResults.Error(unreadable.StatusCode, $"the request could not be read: {unreadable.Message}");
        }

        logger.LogError(exception, "{Function} failed; answered 500", function);
        return ApiResults.Error(StatusCodes.Status500InternalServerError, Message);
    }
}

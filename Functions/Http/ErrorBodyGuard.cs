using Microsoft.AspNetCore.WebUtilities;

namespace RecordingFunctions.Http;

/// <summary>
/// Runs a function's answer and gives it the JSON error body when it turned out to be an error without one: a file
/// result with an ETag (the page's scripts and styles) answers 412 with nothing when the request's <c>If-Match</c>
/// does not hold.
/// Both hosts run every HTTP function's answer through it (<see cref="RequestFailureMiddleware"/> under the Functions host).
/// </summary>
public sealed class ErrorBodyGuard(IActionResult answer) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        await answer.ExecuteResultAsync(context);
        var response = context.HttpContext.Response;
        if (response.StatusCode < 400 || response.HasStarted || response.ContentType is not null)
        {
            return;
        }

        await ApiResults.Error(response.StatusCode, MessageFor(response.StatusCode)).ExecuteResultAsync(context);
    }

    private static string MessageFor(int status) => status == StatusCodes.Status412PreconditionFailed
        ? "the request's If-Match or If-Unmodified-Since does not hold for this file"
        : ReasonPhrases.GetReasonPhrase(status).ToLowerInvariant();
}

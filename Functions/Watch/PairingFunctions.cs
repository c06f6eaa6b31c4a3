namespace RecordingFunctions.Watch;

/// <summary>Pairing, protocol section 1: the watch asks for a token until an admin grants its request.</summary>
public sealed class PairingFunctions(ConfigStore config, PairingRequests pairing)
{
    [Function("RequestToken")]
    public Task<IActionResult> RequestToken(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tokenauth/request")] HttpRequest request,
        CancellationToken cancellationToken) => AnswerAsync(request, cancellationToken);

    /// <summary>Apps built between January and March 2021 ask here; answered exactly the same way.</summary>
    [Function("RequestTokenEarly2021")]
    public Task<IActionResult> RequestTokenEarly2021(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/request")] HttpRequest request,
        CancellationToken cancellationToken) => AnswerAsync(request, cancellationToken);

    internal async Task<IActionResult> AnswerAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var identifier = request.Query["identifier"].ToString().Trim();
        if (identifier.Length == 0)
        {
            return ApiResults.Json(new { status = "error", msg = "no identifier" });
        }

        if (identifier.Length > 256 || identifier.Any(char.IsControl))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "the identifier must be at most 256 characters without control characters");
        }

        var settings = await config.GetAsync(cancellationToken);
        var answer = await pairing.RequestTokenAsync(identifier, RequestSource.Of(request), PairingLimits.Of(settings), cancellationToken);
        return answer.Token is { } token
            ? ApiResults.Json(new { status = answer.Status, token })
            : ApiResults.Json(new { status = answer.Status, msg = answer.Message });
    }
}

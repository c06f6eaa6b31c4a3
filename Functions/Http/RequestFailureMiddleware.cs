using Microsoft.Azure.Functions.Worker.Middleware;

namespace RecordingFunctions.Http;

/// <summary>
/// Under the Functions host: an HTTP function that throws returns the <see cref="RequestFailure"/> answer, which the
/// worker's ASP.NET Core integration then writes, instead of the host's empty 500; every answer goes through the
/// <see cref="ErrorBodyGuard"/>. Blob triggers still fail, so that the host retries them.
/// </summary>
public sealed class RequestFailureMiddleware(ILogger<RequestFailureMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is { } http && RequestFailure.CanAnswer(http))
        {
            context.GetInvocationResult().Value = RequestFailure.Answer(logger, context.FunctionDefinition.Name, e);
        }

        if (context.GetHttpContext() is not null && context.GetInvocationResult() is { Value: IActionResult answer } result)
        {
            result.Value = new ErrorBodyGuard(answer);
        }
    }
}

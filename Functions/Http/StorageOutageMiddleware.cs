using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace RecordingFunctions.Http;

/// <summary>
/// Under the Functions host: an HTTP function that failed for a <see cref="StorageOutage"/> returns its answer, which
/// the worker's ASP.NET Core integration then writes. Blob triggers still fail, so that the host retries them.
/// </summary>
public sealed class StorageOutageMiddleware(ILogger<StorageOutageMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (StorageOutage.Caused(e) && context.GetHttpContext() is not null)
        {
            context.GetInvocationResult().Value = StorageOutage.Answer(logger, context.FunctionDefinition.Name, e);
        }
    }
}

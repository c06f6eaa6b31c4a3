using Microsoft.Azure.Functions.Worker.Middleware;

namespace RecordingFunctions.Http;

/// <summary>
/// Under the Functions host: the containers and tables exist before any function runs (a no-op once they do), so no
/// store has to check; a function marked <see cref="ChecksStorageItselfAttribute"/> is passed by. Inside
/// <see cref="RequestFailureMiddleware"/>, so storage that does not answer gets its 503.
/// </summary>
public sealed class StorageReadyMiddleware(StorageInitializer storage) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (!ChecksStorageItselfAttribute.IsOn(FunctionMethods.Of(context.FunctionDefinition)))
        {
            await storage.EnsureCreatedAsync(context.CancellationToken);
        }

        await next(context);
    }
}

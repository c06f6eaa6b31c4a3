using Microsoft.Azure.Functions.Worker.Middleware;
using RecordingFunctions.Manage;

namespace RecordingFunctions.Http;

/// <summary>
/// Under the Functions host: runs the <see cref="AdminAdmission"/> before every HTTP function and returns its refusal
/// in place of a function marked <see cref="AdminOnlyAttribute"/>. Inside <see cref="StorageReadyMiddleware"/> (the
/// gate reads the configuration and the login throttle) and so inside <see cref="RequestFailureMiddleware"/>.
/// </summary>
public sealed class AdminGateMiddleware(AdminAdmission admission) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http
            && await admission.AdmitAsync(http, FunctionMethods.Of(context.FunctionDefinition), context.CancellationToken) is { } refusal)
        {
            context.GetInvocationResult().Value = refusal;
            return;
        }

        await next(context);
    }
}

using System.Collections.Concurrent;
using System.Reflection;
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
    private static readonly ConcurrentDictionary<string, MethodInfo> Methods = new(StringComparer.Ordinal);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http
            && await admission.AdmitAsync(http, MethodOf(context.FunctionDefinition), context.CancellationToken) is { } refusal)
        {
            context.GetInvocationResult().Value = refusal;
            return;
        }

        await next(context);
    }

    /// <summary>The method the Worker SDK's entry point names, <c>Namespace.Class.Method</c>.</summary>
    /// <exception cref="InvalidOperationException">No such method: the function is not let through unchecked.</exception>
    private static MethodInfo MethodOf(FunctionDefinition function) => Methods.GetOrAdd(function.EntryPoint, entryPoint =>
    {
        var dot = entryPoint.LastIndexOf('.');
        return (dot > 0 ? typeof(AdminGateMiddleware).Assembly.GetType(entryPoint[..dot])?.GetMethod(entryPoint[(dot + 1)..]) : null)
            ?? throw new InvalidOperationException($"The function {function.Name} names the entry point {entryPoint}, which is no method of this app.");
    });
}

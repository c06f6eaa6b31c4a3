using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using RecordingFunctions.Archive;
using RecordingFunctions.Http;
using RecordingFunctions.Manage;
using RecordingFunctions.Storage;

namespace RecordingFunctions.DevHost;

/// <summary>
/// Maps every HTTP function onto ASP.NET Core endpoint routing and invokes it as the worker would, including storage
/// created before it runs (unless it checks storage itself), the admin gate before a function marked <see cref="AdminOnlyAttribute"/>, the answer to a
/// function that threw and the <see cref="ErrorBodyGuard"/> (<see cref="StorageReadyMiddleware"/>,
/// <see cref="AdminGateMiddleware"/> and <see cref="RequestFailureMiddleware"/> under the Functions host).
/// </summary>
public static class FunctionEndpoints
{
    public static Assembly FunctionsAssembly => typeof(ArchiveFunctions).Assembly;

    public static void MapFunctionEndpoints(this WebApplication app, string routePrefix)
    {
        foreach (var function in FunctionRoutes.HttpFunctions(FunctionsAssembly))
        {
            var pattern = "/" + string.Join('/', new[] { routePrefix, function.Route }.Where(p => p.Length > 0));
            app.MapMethods(pattern, [.. function.Methods.Select(m => m.ToUpperInvariant())], context => InvokeAsync(function, context))
                .WithDisplayName(function.Name);
        }
    }

    private static async Task InvokeAsync(HttpFunction function, HttpContext context)
    {
        IActionResult result;
        try
        {
            if (!ChecksStorageItselfAttribute.IsOn(function.Method))
            {
                await context.RequestServices.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(context.RequestAborted);
            }

            result = await context.RequestServices.GetRequiredService<AdminAdmission>().AdmitAsync(context, function.Method, context.RequestAborted)
                ?? await InvokeFunctionAsync(function, context);
        }
        catch (Exception e) when (RequestFailure.CanAnswer(context))
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FunctionEndpoints));
            result = RequestFailure.Answer(logger, function.Name, e);
        }

        await new ErrorBodyGuard(result).ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    private static Task<IActionResult> InvokeFunctionAsync(HttpFunction function, HttpContext context)
    {
        var instance = ActivatorUtilities.CreateInstance(context.RequestServices, function.Method.DeclaringType!);
        var arguments = function.Method.GetParameters().Select(parameter => ArgumentFor(parameter, context)).ToArray();
        return (Task<IActionResult>)function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null)!;
    }

    private static object? ArgumentFor(ParameterInfo parameter, HttpContext context) => parameter.ParameterType switch
    {
        var type when type == typeof(HttpRequest) => context.Request,
        var type when type == typeof(CancellationToken) => context.RequestAborted,
        var type when type == typeof(string) => context.GetRouteValue(parameter.Name!)?.ToString(),
        var type => throw new NotSupportedException($"The development host cannot bind {type.Name} {parameter.Name} of {parameter.Member.Name}."),
    };
}

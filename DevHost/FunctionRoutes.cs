using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace RecordingFunctions.DevHost;

/// <summary>
/// The function app's HTTP routes and blob triggers, read from the same attributes the Worker SDK reads when it
/// writes <c>functions.metadata</c> at build time. A test keeps the two equal.
/// </summary>
public static class FunctionRoutes
{
    public static IReadOnlyList<HttpFunction> HttpFunctions(Assembly functions) =>
    [
        .. Functions(functions)
            .Select(f => (f.Name, f.Method, Trigger: f.Method.GetParameters()
                .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(f => f.Trigger is not null)
            .Select(f => new HttpFunction(
                f.Name,
                f.Method,
                f.Trigger!.Route ?? f.Name,
                [.. (f.Trigger.Methods ?? ["get", "post"]).Select(m => m.ToLowerInvariant())],
                f.Trigger.AuthLevel.ToString())),
    ];

    public static IReadOnlyList<BlobFunction> BlobFunctions(Assembly functions) =>
    [
        .. Functions(functions)
            .Select(f => (f.Name, f.Method, Trigger: f.Method.GetParameters()
                .Select(p => p.GetCustomAttribute<BlobTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(f => f.Trigger is not null)
            .Select(f => new BlobFunction(f.Name, f.Method, f.Trigger!.BlobPath, f.Trigger.Source, f.Trigger.Connection)),
    ];

    private static IEnumerable<(string Name, MethodInfo Method)> Functions(Assembly functions) =>
        functions.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(method => (Attribute: method.GetCustomAttribute<FunctionAttribute>(), Method: method))
            .Where(f => f.Attribute is not null)
            .Select(f => (f.Attribute!.Name, f.Method));
}

public sealed record HttpFunction(string Name, MethodInfo Method, string Route, IReadOnlyList<string> Methods, string AuthLevel);

public sealed record BlobFunction(string Name, MethodInfo Method, string Path, BlobTriggerSource Source, string? Connection);

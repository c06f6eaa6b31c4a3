using System.Collections.Concurrent;
using System.Reflection;

namespace RecordingFunctions.Http;

/// <summary>Under the Functions host: the method behind an invocation, so the worker middleware can read its marks.</summary>
internal static class FunctionMethods
{
    private static readonly ConcurrentDictionary<string, MethodInfo> Methods = new(StringComparer.Ordinal);

    /// <summary>The method the Worker SDK's entry point names, <c>Namespace.Class.Method</c>.</summary>
    /// <exception cref="InvalidOperationException">No such method: the function is not run unchecked.</exception>
    public static MethodInfo Of(FunctionDefinition function) => Methods.GetOrAdd(function.EntryPoint, entryPoint =>
    {
        var dot = entryPoint.LastIndexOf('.');
        return (dot > 0 ? typeof(FunctionMethods).Assembly.GetType(entryPoint[..dot])?.GetMethod(entryPoint[(dot + 1)..]) : null)
            ?? throw new InvalidOperationException($"The function {function.Name} names the entry point {entryPoint}, which is no method of this app.");
    });
}

using System.Collections.Concurrent;
using System.Reflection;

namespace RecordingFunctions.Manage;

/// <summary>
/// The function answers only the signed-in admin: under either host the admin gate runs before it
/// (<see cref="AdminAdmission"/>), and the function reads who signed in with <see cref="SignedInAdmin.Of"/>. On a
/// class, every function in it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public class AdminOnlyAttribute : Attribute
{
    private static readonly ConcurrentDictionary<MethodInfo, AdminOnlyAttribute?> Functions = new();

    /// <summary>Headers every answer of the function carries, a refusal too; the API's answers need none.</summary>
    public virtual void AddHeaders(HttpResponse response)
    {
    }

    /// <returns>The function's mark (its own, else its class's), or null for a function anyone may call.</returns>
    public static AdminOnlyAttribute? Of(MethodInfo function) => Functions.GetOrAdd(
        function,
        method => method.GetCustomAttribute<AdminOnlyAttribute>() ?? method.DeclaringType?.GetCustomAttribute<AdminOnlyAttribute>());
}

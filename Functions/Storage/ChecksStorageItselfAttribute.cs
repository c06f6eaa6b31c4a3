using System.Reflection;

namespace RecordingFunctions.Storage;

/// <summary>
/// The function creates and checks storage itself, within a time limit of its own (the health check, through
/// <see cref="StorageProbe"/>), so the step that creates storage before every function passes it by: under either
/// host that step would otherwise wait out the storage client's retries first while storage does not answer.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ChecksStorageItselfAttribute : Attribute
{
    public static bool IsOn(MethodInfo function) => function.IsDefined(typeof(ChecksStorageItselfAttribute), inherit: false);
}

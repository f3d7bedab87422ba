using System.Reflection;
using Lyceum.Interactive.Remote;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Lyceum.Interactive.Prelude;

/// <summary>
/// Makes <c>#!set</c> between the notebook's .NET kernels and Lyceum kernels carry values as the docs promise.
/// By itself the host formats a C# value with System.Text.Json (an enum as its number, NaN as "NaN", a delegate
/// as a 30-line stack trace) and gives C# a Python list as a JsonDocument.
/// </summary>
internal static class SharedValueRequests
{
    private static readonly HashSet<string> DotNetLanguages = new(StringComparer.OrdinalIgnoreCase) { "C#", "F#", "PowerShell" };

    /// <summary>Adds the value middleware to every .NET kernel of <paramref name="root"/>.</summary>
    public static void Install(CompositeKernel root)
    {
        foreach (var kernel in root.ChildKernels)
        {
            if (!kernel.KernelInfo.IsProxy && DotNetLanguages.Contains(kernel.KernelInfo.LanguageName ?? "") && TryGetValueMethod(kernel) is { } getter)
            {
                kernel.AddMiddleware((command, context, next) => OnCommandAsync(root, kernel, getter, command, context, next));
            }
        }
    }

    private static Task OnCommandAsync(
        CompositeKernel root, Kernel kernel, MethodInfo getter, KernelCommand command, KernelInvocationContext context, KernelPipelineContinuation next)
    {
        switch (command)
        {
            // A Lyceum value arriving in C#: give it the typed value, not the JSON text.
            case SendValue { Value: null } send when SharedValueDecoder.TryGetTyped(send.FormattedValue, out var typed):
                var withValue = new SendValue(send.Name, typed, send.FormattedValue, send.TargetKernelName);
                if (send.Parent is { } parent)
                {
                    withValue.SetParent(parent, true);
                }
                return next(withValue, context);

            // A C# value asked for by a #!set in a Lyceum cell: our encoding, or one sentence naming what cannot go.
            case RequestValue { MimeType: JsonFormatter.MimeType } request when IsForLyceum(root, request) && TryGet(kernel, getter, request.Name, out var value):
                try
                {
                    var json = SharedValueEncoder.Encode(value, request.Name);
                    context.Publish(new ValueProduced(value, request.Name, new FormattedValue(JsonFormatter.MimeType, json.GetRawText()), request));
                }
                catch (ArgumentException error)
                {
                    context.Fail(request, message: error.Message);
                }
                return Task.CompletedTask;

            default:
                return next(command, context);
        }
    }

    // The #!set runs in the Lyceum cell: the command that asks for the value descends from that cell's submission.
    private static bool IsForLyceum(CompositeKernel root, KernelCommand command)
    {
        for (var parent = command.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.TargetKernelName is { Length: > 0 } target && root.FindKernelByName(target) is LyceumKernel)
            {
                return true;
            }
            if (parent is SubmitCode { Code: { } code } && code.StartsWith("#!", StringComparison.Ordinal))
            {
                var name = code[2..].Split([' ', '\t', '\r', '\n'], 2)[0];
                if (root.FindKernelByName(name) is LyceumKernel)
                {
                    return true;
                }
            }
        }
        return false;
    }

    // The .NET kernels have a public TryGetValue<T>(name, out T) but no shared interface for it in this host version.
    private static MethodInfo? TryGetValueMethod(Kernel kernel) =>
        kernel.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(m => m is { Name: "TryGetValue", IsGenericMethodDefinition: true } && m.GetParameters().Length == 2)
            ?.MakeGenericMethod(typeof(object));

    private static bool TryGet(Kernel kernel, MethodInfo getter, string name, out object? value)
    {
        var arguments = new object?[] { name, null };
        var found = getter.Invoke(kernel, arguments) is true;
        value = arguments[1];
        return found;
    }
}

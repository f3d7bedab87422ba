using Lyceum.Client;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace Lyceum.Interactive.Tests.Infrastructure;

/// <summary>An in-process notebook: a CompositeKernel with a C# kernel (helpers, value sharing) and the extension loaded.</summary>
public sealed class Notebook : IDisposable
{
    private readonly List<string> _prompts = [];

    public Notebook(LyceumClient? client, bool load = true)
    {
        var csharp = new CSharpKernel().UseKernelHelpers().UseValueSharing();
        Kernel = new CompositeKernel { csharp };
        Kernel.DefaultKernelName = csharp.Name;
        if (load)
            LyceumKernelExtension.Load(Kernel, client);
    }

    public CompositeKernel Kernel { get; }

    /// <summary>What @password:/@input: prompts answer, by prompt text.</summary>
    public Dictionary<string, string> Answers { get; } = new(StringComparer.Ordinal);

    /// <summary>The prompts the front end was asked, with their type hint.</summary>
    public IReadOnlyList<string> Prompts => _prompts;

    /// <summary>Emulates the front end answering RequestInput from <see cref="Answers"/>.</summary>
    public Notebook AnswerPrompts()
    {
        Kernel.RegisterCommandHandler<RequestInput>((request, context) =>
        {
            _prompts.Add($"{request.ParameterName}|{request.InputTypeHint}|{request.IsPassword}");
            context.Publish(new InputProduced(Answers[request.Prompt], request));
            return Task.CompletedTask;
        });
        return this;
    }

    public Task<KernelCommandResult> SubmitAsync(string code) => Kernel.SubmitCodeAsync(code);

    public Task<KernelCommandResult> SendAsync(KernelCommand command, CancellationToken cancellationToken = default) =>
        Kernel.SendAsync(command, cancellationToken);

    public void Dispose() => Kernel.Dispose();
}

using System.Diagnostics;
using System.Text;
using Bot.Host.Tests.Telegram;
using Bot.Testing;
using Bot.Testing.FakeOpenAi;
using Bot.Testing.FakeTelegram;
using Npgsql;
using Xunit.Abstractions;

namespace Bot.Host.Tests.Inbox;

/// <summary>
/// The real program as a child process, killed with SIGKILL while its answers are with the model, then started again
/// on the same database: every question is answered, none more than twice, each answer replying to its question.
/// PostgreSQL runs when <c>BOT_TEST_POSTGRES</c> names a server (CI starts one; with <c>CI=true</c> it must).
/// </summary>
[Collection(TelegramEndToEndCollection.Name)]
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    public static TheoryData<string> Providers()
    {
        var providers = new TheoryData<string> { "Sqlite" };
        if (TestStorage.PostgresRuns)
        {
            providers.Add("Postgres");
        }

        return providers;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Killed_while_answering_the_restarted_program_answers_every_question_at_most_twice_each_replying_to_it(string provider)
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var model = await FakeOpenAiServer.StartAsync();
        await using var storage = await TestStorage.CreateAsync(provider);
        var firstRun = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        model.Script = _ => FakeReply.FromFirstContextItem().Until(firstRun.Task);
        var settings = BotTestHost.Create()
            .WithTelegram(telegram)
            .WithModel(model)
            .With("Llm:TimeoutSeconds", "300")
            .With("Storage:InboxLeaseSeconds", "2")
            .With(storage.Settings);

        var users = Enumerable.Range(0, 4).Select(i => new FakeUser(700 + i, "U" + i)).ToList();
        var questions = new List<(long Chat, int MessageId)>();
        foreach (var user in users)
        {
            var chat = telegram.AddChat(user.Id, FakeChatType.Private);
            foreach (var text in new[] { "When did OpenAI release Sora 2?", "Sora 2 ra mắt khi nào?" })
            {
                questions.Add((user.Id, telegram.Post(chat, user, text)!.Value.MessageId));
            }
        }

        using (var first = BotProgram.Start(settings, output))
        {
            // Every update recorded and confirmed to Telegram, and one answer per chat with the model.
            await first.WaitUntilAsync(() => telegram.PendingUpdateCount == 0 && model.Held == users.Count, "the first run holds an answer per chat");
            first.Kill();
        }

        model.Script = _ => FakeReply.FromFirstContextItem();
        firstRun.SetResult();
        telegram.SentTo(users[0].Id).ShouldBeEmpty();

        using var second = BotProgram.Start(settings, output);
        foreach (var user in users)
        {
            await telegram.WaitForMessagesAsync(user.Id, 2, TimeSpan.FromSeconds(120));
        }

        var replies = users.SelectMany(u => telegram.SentTo(u.Id).Select(m => (Chat: u.Id, To: m.Body["reply_parameters"]?["message_id"]?.GetValue<int>())))
            .Where(r => r.To is not null)
            .ToList();
        foreach (var question in questions)
        {
            replies.Count(r => r.Chat == question.Chat && r.To == question.MessageId).ShouldBeInRange(1, 2, $"question {question.MessageId} in chat {question.Chat}");
        }

        replies.ShouldAllBe(r => questions.Contains(new ValueTuple<long, int>(r.Chat, r.To!.Value)));
        second.Kill();
    }
}

/// <summary>The published program (<c>Bot.Host.dll</c>) run by <c>dotnet</c> with a host builder's settings; its output goes to the test log.</summary>
internal sealed class BotProgram : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly ITestOutputHelper _output;

    private BotProgram(Process process, ITestOutputHelper output)
    {
        _process = process;
        _output = output;
    }

    public static BotProgram Start(BotTestHost.Builder settings, ITestOutputHelper output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bot.Host.dll"));
        foreach (var argument in settings.CommandLine().Append("--Logging:LogLevel:Default=Information"))
        {
            start.ArgumentList.Add(argument);
        }

        var program = new BotProgram(Process.Start(start)!, output);
        program._process.StandardInput.Close();
        program._process.OutputDataReceived += (_, e) => program.Append(e.Data);
        program._process.ErrorDataReceived += (_, e) => program.Append(e.Data);
        program._process.BeginOutputReadLine();
        program._process.BeginErrorReadLine();
        return program;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!condition())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not reached: {what} (program {(_process.HasExited ? "exited " + _process.ExitCode : "still running")}).");
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        Kill();
        lock (_log)
        {
            _output.WriteLine(_log.ToString());
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}

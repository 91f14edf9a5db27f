namespace Bot.Testing;

/// <summary>
/// How long a test waits, at most, for something the code under test reaches by itself (a reply, a reload, a
/// connection). A bound is a safety net against a hang, never a measure of speed (speed is measured in <c>bench/</c>):
/// a passing test returns as soon as the condition holds, so a generous bound costs nothing, while a tight one fails
/// on a 2-core machine shared by several test runs, where a whole end-to-end answer has been seen to take over 10 s.
/// </summary>
public static class TestBounds
{
    /// <summary>The default bound of the fakes' and helpers' waits.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>Waits until <paramref name="condition"/> holds, checking every 20 ms, at most <see cref="Wait"/>.</summary>
    /// <exception cref="TimeoutException">The condition did not hold in time; the message says what was awaited.</exception>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(20);
        }
    }
}

using Bot.Core.Messages;
using Bot.Core.Stores;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram.Tests;

public class UpdateMappingTests
{
    private static readonly User Me = new() { Id = 777, IsBot = true, FirstName = "Bot", Username = "AiRaceBot" };
    private static readonly User Lan = new() { Id = 42, FirstName = "Lan", LanguageCode = "vi" };
    private static readonly Chat Group = new() { Id = -100, Type = ChatType.Supergroup, Title = "AI" };
    private static readonly Chat Private = new() { Id = 42, Type = ChatType.Private };

    private static Update Text(Chat chat, string text, User? from = null, Message? replyTo = null, params MessageEntity[] entities) => new()
    {
        Id = 1,
        Message = new Message
        {
            Id = 10,
            Chat = chat,
            From = from ?? Lan,
            Text = text,
            Entities = entities.Length > 0 ? entities : null,
            ReplyToMessage = replyTo,
        },
    };

    private static MessageEntity Command(int length) => new() { Type = MessageEntityType.BotCommand, Offset = 0, Length = length };

    [Fact]
    public void A_private_message_is_a_question_with_the_private_flag()
    {
        var mapped = TelegramUpdateMapper.Map(Text(Private, "  Sora là gì?  "), Me).ShouldBeOfType<QuestionUpdate>();

        mapped.Message.Platform.ShouldBe("telegram");
        mapped.Message.ChatId.ShouldBe("42");
        mapped.Message.UserId.ShouldBe("42");
        mapped.Message.MessageId.ShouldBe("10");
        mapped.Message.Text.ShouldBe("Sora là gì?");
        mapped.Message.Flags.ShouldBe(MessageFlags.Private);
        mapped.Message.Locale.ShouldBe("vi");
        mapped.Message.Command.ShouldBeNull();
        mapped.IsGroup.ShouldBeFalse();
    }

    [Fact]
    public void A_group_message_without_command_mention_or_reply_is_ignored()
    {
        TelegramUpdateMapper.Map(Text(Group, "what is Sora?"), Me).ShouldBeOfType<IgnoredUpdate>();
    }

    [Fact]
    public void Ask_addressed_to_this_bot_becomes_the_ask_command_with_the_rest_as_text()
    {
        var mapped = TelegramUpdateMapper.Map(Text(Group, "/ask@AiRaceBot what is Sora?", entities: Command(14)), Me).ShouldBeOfType<QuestionUpdate>();

        mapped.Message.Command.ShouldBe("ask");
        mapped.Message.Text.ShouldBe("what is Sora?");
        mapped.IsGroup.ShouldBeTrue();
    }

    [Fact]
    public void A_command_addressed_to_another_bot_is_ignored()
    {
        TelegramUpdateMapper.Map(Text(Group, "/ask@OtherBot what is Sora?", entities: Command(13)), Me).ShouldBeOfType<IgnoredUpdate>();
    }

    [Fact]
    public void A_bare_command_is_taken_as_ours()
    {
        var mapped = TelegramUpdateMapper.Map(Text(Group, "/HELP", entities: Command(5)), Me).ShouldBeOfType<QuestionUpdate>();

        mapped.Message.Command.ShouldBe("help");
        mapped.Message.Text.ShouldBe(string.Empty);
    }

    [Fact]
    public void A_mention_sets_the_flag_and_is_removed_from_the_text()
    {
        var text = "🇻🇳 @airacebot, DeepSeek là gì?";
        var offset = text.IndexOf('@', StringComparison.Ordinal);
        var mapped = TelegramUpdateMapper.Map(
            Text(Group, text, entities: new MessageEntity { Type = MessageEntityType.Mention, Offset = offset, Length = 10 }),
            Me).ShouldBeOfType<QuestionUpdate>();

        mapped.Message.Flags.ShouldBe(MessageFlags.Mentioned);
        mapped.Message.Text.ShouldBe("🇻🇳, DeepSeek là gì?");
    }

    [Fact]
    public void A_mention_of_someone_else_is_not_a_mention_of_the_bot()
    {
        TelegramUpdateMapper.Map(
            Text(Group, "@someone hi", entities: new MessageEntity { Type = MessageEntityType.Mention, Offset = 0, Length = 8 }),
            Me).ShouldBeOfType<IgnoredUpdate>();
    }

    [Fact]
    public void A_reply_to_the_bot_is_a_follow_up_that_names_the_replied_message()
    {
        var botMessage = new Message { Id = 9, Chat = Group, From = Me, Text = "earlier answer" };
        var mapped = TelegramUpdateMapper.Map(Text(Group, "and Huawei?", replyTo: botMessage), Me).ShouldBeOfType<QuestionUpdate>();

        mapped.Message.Flags.ShouldBe(MessageFlags.ReplyToBot);
        mapped.Message.ReplyToMessageId.ShouldBe("9");
    }

    [Fact]
    public void Messages_from_bots_are_ignored()
    {
        var otherBot = new User { Id = 5, IsBot = true, FirstName = "Other" };
        TelegramUpdateMapper.Map(Text(Private, "hi", otherBot), Me).ShouldBeOfType<IgnoredUpdate>();
    }

    [Fact]
    public void A_forum_topic_message_keeps_its_thread()
    {
        var update = Text(Group, "/ask x", entities: Command(4));
        update.Message!.MessageThreadId = 77;
        update.Message.IsTopicMessage = true;

        var mapped = TelegramUpdateMapper.Map(update, Me).ShouldBeOfType<QuestionUpdate>();

        mapped.ThreadId.ShouldBe(77);
        mapped.Message.ThreadId.ShouldBe("77");
    }

    [Fact]
    public void A_migration_service_message_names_both_chat_ids()
    {
        var update = new Update { Id = 3, Message = new Message { Id = 1, Chat = new Chat { Id = -5, Type = ChatType.Group }, MigrateToChatId = -1005 } };

        TelegramUpdateMapper.Map(update, Me).ShouldBe(new MigrationUpdate(-5, -1005));
    }

    [Fact]
    public void A_feedback_button_press_is_read_back()
    {
        var update = new Update
        {
            Id = 4,
            CallbackQuery = new CallbackQuery
            {
                Id = "cb1",
                From = Lan,
                Message = new Message { Id = 11, Chat = Group, From = Me },
                Data = TelegramUpdateMapper.FeedbackData("ans-123", FeedbackVote.Down),
            },
        };

        TelegramUpdateMapper.Map(update, Me).ShouldBe(new FeedbackUpdate("cb1", -100, "42", "ans-123", FeedbackVote.Down, "vi"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("fb:")]
    [InlineData("fb:x:1")]
    [InlineData("other")]
    public void Unknown_button_data_is_acknowledged_without_feedback(string data)
    {
        var update = new Update
        {
            Id = 4,
            CallbackQuery = new CallbackQuery { Id = "cb1", From = Lan, Message = new Message { Id = 11, Chat = Group }, Data = data },
        };

        TelegramUpdateMapper.Map(update, Me).ShouldBe(new UnknownCallbackUpdate("cb1"));
    }

    [Fact]
    public void Broken_entity_offsets_never_crash_the_mapping()
    {
        var mapped = TelegramUpdateMapper.Map(
            Text(Private, "hi", entities: new MessageEntity { Type = MessageEntityType.Mention, Offset = 1, Length = 50 }),
            Me);

        mapped.ShouldBeOfType<QuestionUpdate>().Message.Text.ShouldBe("hi");
    }
}

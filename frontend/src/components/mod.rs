pub mod report_card;
